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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.offload.door.TightLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What {@code @Timeout} does to the work it times out, on the {@code @Blocking} and the {@code @Asynchronous}
 * variants ({@link FaultToleranceTestResource}: one permit, one place in the asynchronous queue, 300 ms): whether the
 * worker is interrupted, when it and the bulkhead's permit are freed, and the answer (our 504). The work waits on a
 * latch the test holds ({@link StuckWork}), so each claim rests on counts and orderings, not on a clock. (Under
 * {@link TightLimits} only to share its Quarkus start.)
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class FaultToleranceTimeoutTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Duration QUIET_WAIT = Duration.ofSeconds(30);
    static final String BLOCKING = "/test-support/fault-tolerance/blocking";
    static final String ASYNCHRONOUS = "/test-support/fault-tolerance/asynchronous";
    static final String TIMED_OUT = "{\"status\":504,\"error\":\"Gateway Timeout\",\"message\":\"the %s work did not "
            + "finish within its Fault Tolerance timeout\"}";

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void freshWork() {
        StuckWork.reset();
    }

    /** The latch is never released: only Fault Tolerance's interrupt can have ended the work, and then came the 504. */
    @Test
    void aBlockingTimeoutInterruptsTheWorkerAndAnswers504() throws Exception {
        // Bounded, so that work no timeout stops fails this test instead of hanging it.
        HttpResponse<String> answer = send(BLOCKING).get(QUIET_WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(504);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).isEqualTo(TIMED_OUT.formatted(BLOCKING));

        assertThat(StuckWork.INTERRUPTED.get()).isEqualTo(1);
        assertThat(StuckWork.FINISHED.get()).isEqualTo(1);
        assertThat(StuckWork.THREADS.getFirst().thread()).startsWith("executor-thread-");
    }

    /**
     * Work that swallows the interrupt keeps its worker and its permit past the timeout: the answer waits for the
     * work, the next request is rejected (on its own worker), and only when the work really ends does the 504 leave
     * and the permit come back.
     */
    @Test
    void aBlockingTimeoutHoldsTheWorkerAndThePermitUntilTheWorkReallyEnds() {
        double rejectedBefore = rejected(BLOCKING, "worker");
        CompletableFuture<HttpResponse<String>> stuck = send(BLOCKING + "?ignore-interrupts=true");
        await().atMost(QUIET_WAIT).until(() -> StuckWork.INTERRUPTED.get() == 1);

        assertThat(stuck).as("the answer of timed-out work that has not stopped").isNotDone();
        given().when().get(BLOCKING).then().statusCode(503).header("Retry-After", "3");
        assertThat(rejected(BLOCKING, "worker")).isEqualTo(rejectedBefore + 1);
        assertThat(StuckWork.FINISHED.get()).isZero();

        StuckWork.release.countDown();
        HttpResponse<String> late = stuck.join();
        assertThat(late.statusCode()).as("the timeout decided, though the work finished").isEqualTo(504);
        assertThat(late.body()).isEqualTo(TIMED_OUT.formatted(BLOCKING));
        assertThat(StuckWork.FINISHED.get()).isEqualTo(1);
        given().when().get(BLOCKING).then().statusCode(200).body(equalTo("released"));
    }

    /**
     * The asynchronous timeout answers 504 while the work is still running, and never interrupts it: the worker and
     * the permit stay taken until the work ends. A request that timed out while it waited in the queue is not taken
     * out of it: it runs once a permit is free, long after its client got its 504.
     */
    @Test
    void anAsynchronousTimeoutAnswers504AtOnceButNeitherInterruptsNorFreesTheWorker() {
        double rejectedBefore = rejected(ASYNCHRONOUS, "event-loop");
        CompletableFuture<HttpResponse<String>> running = send(ASYNCHRONOUS);
        await().atMost(QUIET_WAIT).until(() -> StuckWork.STARTED.get() == 1);

        HttpResponse<String> timedOut = running.join();
        assertThat(timedOut.statusCode()).isEqualTo(504);
        assertThat(timedOut.body()).isEqualTo(TIMED_OUT.formatted(ASYNCHRONOUS));
        assertThat(StuckWork.INTERRUPTED.get()).as("interrupts").isZero();
        assertThat(StuckWork.FINISHED.get()).as("work finished when its 504 left").isZero();

        // It waits in the queue behind the work still running, and times out there.
        given().when().get(ASYNCHRONOUS).then().statusCode(504);
        assertThat(StuckWork.STARTED.get()).isEqualTo(1);
        // The permit and the queue's one place are both still taken: rejected, on the event loop.
        given().when().get(ASYNCHRONOUS).then().statusCode(503).header("Retry-After", "3");
        assertThat(rejected(ASYNCHRONOUS, "event-loop")).isEqualTo(rejectedBefore + 1);

        StuckWork.release.countDown();
        await().atMost(QUIET_WAIT).until(() -> StuckWork.FINISHED.get() == 2);
        assertThat(StuckWork.STARTED.get()).as("the queued request, run after its 504").isEqualTo(2);
        assertThat(StuckWork.THREADS).allSatisfy(ranOn -> {
            assertThat(ranOn.thread()).startsWith("executor-thread-");
            assertThat(ranOn.eventLoop()).isFalse();
        });
        given().when().get(ASYNCHRONOUS).then().statusCode(200).body(equalTo("released"));
    }

    private CompletableFuture<HttpResponse<String>> send(String path) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(base.resolve(path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double rejected(String path, String thread) {
        Counter counter = registry.find("offload.fault-tolerance.rejected").tag("path", path).tag("thread", thread)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
