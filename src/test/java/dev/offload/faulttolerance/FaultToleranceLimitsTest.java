package dev.offload.faulttolerance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.offload.door.TightLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What a full Fault Tolerance bulkhead does, on the three variants, with two permits and a queue of one set by the
 * standard keys ({@link TightLimits}) and a syncTask of 2 s: which thread the rejected request held when it was turned
 * away, whether the queue applies, and the answer (the door's 503 and {@code Retry-After}). Every wait is for a count
 * (Fault Tolerance's own gauges), never for a span of time.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class FaultToleranceLimitsTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Duration QUIET_WAIT = Duration.ofSeconds(30);
    static final String RESOURCE = FaultToleranceResource.class.getName();

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URI base;

    /**
     * A synchronous bulkhead has no queue, whatever {@code waitingTaskQueue} says: the third request is rejected while
     * two run. Quarkus had already given it a worker, and it is on that worker that the bulkhead turned it away.
     */
    @Test
    void theBlockingBulkheadRejectsOnTheWorkerItAlreadyHoldsAndQueuesNothing() {
        rejectsBeyondItsPermits("/fault-tolerance/bulkhead", "bulkhead", 2, "worker");
    }

    /** The same on a virtual thread: the rejected request had one started for it, and is turned away there. */
    @Test
    void theVirtualThreadBulkheadRejectsOnTheVirtualThreadItWasGivenAndQueuesNothing() {
        rejectsBeyondItsPermits("/fault-tolerance/virtual", "virtualThreadBulkhead", 2, "virtual");
    }

    /**
     * The asynchronous bulkhead queues the third request and rejects the fourth on the event loop, before any worker
     * is involved: no syncTask starts for it, and none waits for a thread.
     */
    @Test
    void theAsynchronousBulkheadQueuesOneAndRejectsTheNextOnTheEventLoop() {
        rejectsBeyondItsPermits("/fault-tolerance/asynchronous", "asynchronousBulkhead", 3, "event-loop");
    }

    private void rejectsBeyondItsPermits(String path, String method, int admitted, String thread) {
        double rejectedBefore = rejected(path, thread);
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path.substring(1))).build();
        List<CompletableFuture<HttpResponse<String>>> holding = IntStream.range(0, admitted)
                .mapToObj(i -> CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
        int waiting = admitted - 2;
        await().atMost(QUIET_WAIT).until(() -> running(method) == 2 && (waiting == 0 || waiting(method) == waiting));
        long tasksRunning = syncTasksRunning();

        given().when().get(path).then().statusCode(503)
                .header("Content-Type", "application/json")
                .header("Retry-After", "3")
                .body(equalTo("{\"status\":503,\"error\":\"Service Unavailable\",\"message\":\"too many requests are "
                        + "running or waiting in the bulkhead of " + path + "; retry after 3 s\"}"));

        assertThat(rejected(path, thread)).as("rejections of %s on a %s thread", path, thread)
                .isEqualTo(rejectedBefore + 1);
        assertThat(syncTasksRunning()).as("syncTasks running when the request was rejected").isEqualTo(tasksRunning);
        for (CompletableFuture<HttpResponse<String>> held : holding) {
            assertThat(held.join().statusCode()).isEqualTo(200);
        }
    }

    private double running(String method) {
        return gauge("ft.bulkhead.executionsRunning", method);
    }

    private double waiting(String method) {
        return gauge("ft.bulkhead.executionsWaiting", method);
    }

    private double gauge(String name, String method) {
        Gauge gauge = registry.find(name).tag("method", RESOURCE + "." + method).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private long syncTasksRunning() {
        LongTaskTimer running = registry.find("offload.sync-task.running").longTaskTimer();
        return running == null ? 0 : running.activeTasks();
    }

    private double rejected(String path, String thread) {
        Counter counter = registry.find("offload.fault-tolerance.rejected").tag("path", path).tag("thread", thread)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
