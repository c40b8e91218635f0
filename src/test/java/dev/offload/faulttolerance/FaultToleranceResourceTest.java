package dev.offload.faulttolerance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The seed's blocking work under Fault Tolerance: each variant's answer and the thread that ran it. What happens when
 * a bulkhead is full or a timeout passes is in {@link FaultToleranceLimitsTest} and {@link FaultToleranceTimeoutTest}.
 */
@QuarkusTest
class FaultToleranceResourceTest {

    static final String WORKER = "executor-thread-";

    @Test
    void theBlockingBulkheadRunsOnAWorkerThread() {
        given().when().get("/fault-tolerance/bulkhead").then().statusCode(200)
                .body("message", equalTo("Hello Bulkhead, sync task done!"))
                .body("endpoint.thread", startsWith(WORKER))
                .body("endpoint.eventLoop", equalTo(false))
                .body("endpoint.virtual", equalTo(false))
                .body("work.thread", startsWith(WORKER));
    }

    /** {@code @Asynchronous} moved the body off the event loop the endpoint was called on, to the worker pool. */
    @Test
    void theAsynchronousBulkheadRunsItsBodyOnAWorkerThread() {
        given().when().get("/fault-tolerance/asynchronous").then().statusCode(200)
                .body("message", equalTo("Hello Asynchronous, sync task done!"))
                .body("work.thread", startsWith(WORKER))
                .body("work.eventLoop", equalTo(false))
                .body("work.virtual", equalTo(false));
    }

    @Test
    void theVirtualBulkheadRunsOnAVirtualThread() {
        given().when().get("/fault-tolerance/virtual").then().statusCode(200)
                .body("message", equalTo("Hello Virtual Thread, sync task done!"))
                .body("endpoint.thread", startsWith("quarkus-virtual-thread-"))
                .body("endpoint.virtual", equalTo(true))
                .body("endpoint.eventLoop", equalTo(false))
                .body("work.virtual", equalTo(true));
    }
}
