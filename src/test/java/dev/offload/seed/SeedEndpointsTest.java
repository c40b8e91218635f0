package dev.offload.seed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.offload.support.Concurrently;
import dev.offload.support.PrometheusText;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

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
    void concurrentAsyncCallsRunTheirTasksAtTheSameTime() {
        Concurrently.get(asyncCall, 2); // warm up the client and the server
        AtomicInteger most = new AtomicInteger();

        CompletableFuture<List<HttpResponse<String>>> answers = CompletableFuture
                .supplyAsync(() -> Concurrently.get(asyncCall, 10));
        // The event loop hands each task to the worker pool and moves on: the tasks overlap. Were they run one after
        // another (on the loop, or on one thread), no two would ever be in syncTask at once. Judged by a count the
        // service publishes, not by a stopwatch.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            most.accumulateAndGet((int) syncTasksRunning(), Math::max);
            return most.get() >= 2 || answers.isDone();
        });

        assertThat(answers.join()).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("Hello World, sync task done!");
        });
        assertThat(most.get()).as("syncTask calls running at once").isGreaterThanOrEqualTo(2);
    }

    /** {@code offload_sync_task_running_seconds_active_count}, as the service publishes it. */
    static double syncTasksRunning() {
        return new PrometheusText(given().when().get("/q/metrics").then().statusCode(200).extract().asString())
                .sum("offload_sync_task_running_seconds_active_count");
    }
}
