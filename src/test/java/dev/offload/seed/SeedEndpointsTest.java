package dev.offload.seed;

import dev.offload.support.Concurrently;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/** Seed 000's four methods: their answers, and the threads that ran them. */
@QuarkusTest
class SeedEndpointsTest {

    static final String WORKER = "executor-thread-";
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TestHTTPResource("/async-call")
    URI asyncCall;

    @Test
    void asyncCallAwaitsTheBlockingTaskOnAWorker() {
        given().when().get("/async-call").then().statusCode(200)
                .body("message", equalTo("Hello World, sync task done!"))
                .body("endpoint.eventLoop", equalTo(true))
                .body("endpoint.virtual", equalTo(false))
                .body("work.eventLoop", equalTo(false))
                .body("work.virtual", equalTo(false))
                .body("work.thread", startsWith(WORKER));
    }

    @Test
    void syncRouteRunsOnAWorkerThread() {
        given().when().get("/sync-route").then().statusCode(200)
                .body("message", equalTo("Hello Sync Route, sync task done!"))
                .body("endpoint.thread", startsWith(WORKER))
                .body("endpoint.eventLoop", equalTo(false))
                .body("endpoint.virtual", equalTo(false))
                .body("work.thread", startsWith(WORKER))
                .body("work.eventLoop", equalTo(false));
    }

    @Test
    void syncRouteVariantRunsOnAVirtualThread() {
        given().when().get("/sync-route/virtual").then().statusCode(200)
                .body("message", equalTo("Hello Virtual Thread, sync task done!"))
                .body("endpoint.virtual", equalTo(true))
                .body("endpoint.eventLoop", equalTo(false))
                .body("endpoint.thread", startsWith("quarkus-virtual-thread-"))
                .body("work.virtual", equalTo(true));
    }

    @Test
    void method3CarriesTheRequestIdIntoTheManagedExecutor() {
        given().header("X-Request-Id", "req-42").when().get("/method3").then().statusCode(200)
                .body("message", equalTo("Hello Starlette, sync task done!"))
                .body("requestId", equalTo("req-42"))
                .body("endpoint.eventLoop", equalTo(true))
                .body("work.eventLoop", equalTo(false))
                .body("work.virtual", equalTo(false))
                .body("work.thread", startsWith(WORKER));
    }

    @Test
    void method3GeneratesARequestIdWhenTheHeaderIsAbsent() {
        given().when().get("/method3").then().statusCode(200)
                .body("message", equalTo("Hello Starlette, sync task done!"))
                .body("requestId", matchesPattern(UUID));
    }

    @Test
    void method3RejectsAMalformedRequestId() {
        given().header("X-Request-Id", "no spaces allowed").when().get("/method3").then().statusCode(400)
                .body("status", equalTo(400))
                .body("parameter", equalTo("X-Request-Id"))
                .body("value", equalTo("no spaces allowed"));
    }

    @Test
    void tenConcurrentAsyncCallsTakeAboutOneDelayNotTen() {
        Duration delay = Duration.ofMillis(300); // %test.offload.sync-task.delay
        Concurrently.get(asyncCall, 2); // warm up the client and the server

        long start = System.nanoTime();
        List<HttpResponse<String>> answers = Concurrently.get(asyncCall, 10);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("Hello World, sync task done!");
        });
        // Run one after another they would take 10 delays (3 s); in parallel about one. Four delays leave
        // room for a slow, shared machine and still fail if the work were serialised.
        assertThat(took).isLessThan(delay.multipliedBy(4));
    }
}
