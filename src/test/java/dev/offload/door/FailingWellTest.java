package dev.offload.door;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.offload.support.PrometheusText;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Under overload a lane answers 503 at once, decided on the event loop, instead of queueing without end; a request
 * whose deadline is shorter than its task gets a 504 at once and the task never starts; past its deadline a request
 * gets a 504 and its work is interrupted; a client that hangs up cancels its work. "Interrupted" and "cancelled" are
 * shown by the work itself ending early, not merely by the response.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class FailingWellTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** How long to wait for what the service's own gauges and counters prove: a bound on waiting, not a verdict. */
    static final Duration QUIET_WAIT = Duration.ofSeconds(10);

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URI base;

    /** An answer and how long it took. */
    record Timed(HttpResponse<String> response, Duration took) {
    }

    List<Timed> concurrently(String path, int count) {
        return concurrently(path, count, null);
    }

    /** {@code count} requests at once, each asking for {@code timeoutMillis} when it is not null. */
    List<Timed> concurrently(String path, int count, String timeoutMillis) {
        URI uri = base.resolve(path.substring(1));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (timeoutMillis != null) {
            request.header("X-Timeout-Millis", timeoutMillis);
        }
        long start = System.nanoTime();
        List<CompletableFuture<Timed>> pending = IntStream.range(0, count)
                .mapToObj(i -> CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                        .thenApply(answer -> new Timed(answer, Duration.ofNanos(System.nanoTime() - start))))
                .toList();
        return pending.stream().map(CompletableFuture::join).toList();
    }

    double syncTasksRunning() {
        return registry.find("offload.sync-task.running").longTaskTimer().activeTasks();
    }

    double syncTasksGaveUp() {
        return registry.find("offload.sync-task.gave-up").counter().count();
    }

    double syncTasksInterrupted() {
        return registry.find("offload.sync-task.interrupted").counter().count();
    }

    double cpuThreadsBusy() {
        return registry.find("executor.active").tag("name", "offload-cpu").gauge().value();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/async-call", "/sync-route", "/sync-route/virtual", "/method3" })
    void aFullLaneAnswers503AtOnceWithRetryAfter(String path) {
        int dispatchedBefore = DispatchCounter.dispatched(path);

        List<Timed> answers = concurrently(path, 6);

        List<Timed> rejected = answers.stream().filter(a -> a.response().statusCode() == 503).toList();
        List<Timed> served = answers.stream().filter(a -> a.response().statusCode() == 200).toList();
        // 2 run, 1 waits for a slot, 3 find no room.
        assertThat(served).hasSize(3);
        assertThat(rejected).hasSize(3).allSatisfy(answer -> {
            assertThat(answer.response().headers().firstValue("Retry-After")).hasValue("3");
            assertThat(answer.response().body()).contains("\"status\":503", "retry after 3 s");
            // At once: before any of the admitted 2 s tasks ended (an order, not a time bound).
            assertThat(answer.took()).as("rejected without waiting for the 2 s task")
                    .isLessThan(served.stream().map(Timed::took).min(Duration::compareTo).orElseThrow());
        });
        // Decided on the event loop before the dispatch: only the requests served ever took a worker or virtual
        // thread (the endpoints of the other two paths run on the event loop, and so are never counted).
        boolean dispatched = path.startsWith("/sync-route");
        assertThat(DispatchCounter.dispatched(path) - dispatchedBefore).isEqualTo(dispatched ? 3 : 0);
    }

    /** What {@code /q/metrics} says of one gauge of the sync-route lane. */
    double syncRouteLane(String gauge) {
        return new PrometheusText(given().when().get("/q/metrics").asString())
                .sum(gauge, "lane=\"sync-route\"");
    }

    @Test
    void aRequestWaitingForASlotIsCountedAsWaitingAndTheRunningAsRunning() {
        // 2 run and 1 waits for a slot: the lane's gauges show exactly that while it lasts (awaited, so a slow
        // machine only takes longer), and nothing once all three have ended.
        List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, 3)
                .mapToObj(i -> CLIENT.sendAsync(HttpRequest.newBuilder(base.resolve("sync-route")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        await().atMost(QUIET_WAIT).until(() -> syncRouteLane("offload_lane_waiting") == 1
                && syncRouteLane("offload_lane_running") == 2);
        assertThat(inFlight.stream().map(CompletableFuture::join).map(HttpResponse::statusCode))
                .containsOnly(200);
        // A slot is given back as the answer goes out, not before: awaited too.
        await().atMost(QUIET_WAIT).until(() -> syncRouteLane("offload_lane_waiting") == 0
                && syncRouteLane("offload_lane_running") == 0);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/async-call", "/sync-route", "/sync-route/virtual", "/method3" })
    void aDeadlineShorterThanTheTaskGets504AtOnceAndTheTaskNeverStarts(String path) {
        double gaveUpBefore = syncTasksGaveUp();
        double interruptedBefore = syncTasksInterrupted();

        given().header("X-Timeout-Millis", "300").when().get(path).then().statusCode(504)
                .body("status", equalTo(504))
                .body("message", equalTo("syncTask needs 2000 ms, more than is left of its deadline; it gave up without "
                        + "starting"));

        // Proven by counts, not by time: it gave up, and no task was started (so none was interrupted).
        assertThat(syncTasksGaveUp()).isEqualTo(gaveUpBefore + 1);
        assertThat(syncTasksInterrupted()).isEqualTo(interruptedBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/test-support/door/sleep", "/test-support/door/sleep-virtual",
            "/test-support/door/sleep-hop?hop=WORKER", "/test-support/door/sleep-hop?hop=MANAGED_EXECUTOR",
            "/test-support/door/sleep-guarded" })
    void pastTheDeadlineTheClientGets504AndTheWorkIsInterrupted(String path) {
        int interruptedBefore = DoorTestResource.INTERRUPTED.get();
        String sleepTwoSeconds = path + (path.contains("?") ? "&" : "?") + "ms=" + TightLimits.TASK_MILLIS;

        given().header("X-Timeout-Millis", "300").when().get(sleepTwoSeconds).then().statusCode(504)
                .body("status", equalTo(504))
                .body("message", endsWith("it was interrupted"));

        // Only a sleep cut short counts: one that ran its 2 s never would. The bound is only how long to wait.
        await().atMost(QUIET_WAIT).until(() -> DoorTestResource.INTERRUPTED.get() == interruptedBefore + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/async-call", "/sync-route", "/sync-route/virtual", "/method3" })
    void aRequestWhoseDeadlinePassesWhileItWaitsForASlotGets504(String path) {
        URI uri = base.resolve(path.substring(1));
        // Two take the path's two slots for 2 s; the third waits in its queue, with a 300 ms deadline.
        List<CompletableFuture<HttpResponse<String>>> holding = IntStream.range(0, 2)
                .mapToObj(i -> CLIENT.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(QUIET_WAIT).until(() -> syncTasksRunning() == 2);

        given().header("X-Timeout-Millis", "300").when().get(path).then().statusCode(504)
                .body("status", equalTo(504))
                .body("message", endsWith("it was still waiting for a slot"));

        assertThat(holding).allSatisfy(answer -> assertThat(answer.join().statusCode()).isEqualTo(200));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/async-call", "/sync-route", "/sync-route/virtual", "/method3" })
    void aClientThatHangsUpCancelsItsWork(String path) throws IOException {
        double interruptedBefore = syncTasksInterrupted();
        try (Socket client = new Socket(base.getHost(), base.getPort())) {
            send(client, path);
            await().atMost(QUIET_WAIT).until(() -> syncTasksRunning() == 1);
        }

        // Cancelled, not finished: syncTask counts an interrupted sleep, never one that ran its 2 s.
        await().atMost(QUIET_WAIT).until(() -> syncTasksRunning() == 0);
        assertThat(syncTasksInterrupted()).isEqualTo(interruptedBefore + 1);
    }

    @Test
    void theCpuLaneRejectsCutsAndCancelsToo() throws IOException {
        // About 20 s of both cores (the profile raises offload.cpu.max-n): only an interrupt ends it within seconds.
        String heavy = "/cpu-bound-task?n=" + TightLimits.HEAVY_N;
        // One runs, one waits, both cut at 1.5 s: the third is turned away at once.
        List<Timed> three = concurrently(heavy, 3, "1500");
        List<Timed> cut = three.stream().filter(a -> a.response().statusCode() == 504).toList();
        assertThat(cut).hasSize(2);
        // At once: before either admitted sum was cut at 1.5 s (an order, not a time bound).
        assertThat(three.stream().filter(a -> a.response().statusCode() == 503)).hasSize(1)
                .allSatisfy(a -> assertThat(a.took()).isLessThan(cut.stream().map(Timed::took).min(Duration::compareTo)
                        .orElseThrow()));

        given().header("X-Timeout-Millis", "100").when().get(heavy).then().statusCode(504);
        await().atMost(QUIET_WAIT).until(() -> cpuThreadsBusy() == 0); // the sum alone would take about 20 s

        try (Socket client = new Socket(base.getHost(), base.getPort())) {
            send(client, heavy);
            await().atMost(QUIET_WAIT).until(() -> cpuThreadsBusy() > 0);
        }
        await().atMost(QUIET_WAIT).until(() -> cpuThreadsBusy() == 0); // the sum alone would take about 20 s
    }

    @Test
    void noThreadIsLeftBehindAfterABurstOfTimeoutsRejectionsAndHangUps() throws IOException {
        awaitQuiet();
        int baseline = serverThreads().size();

        burst();
        burst();

        // Idle pool threads beyond the core end after the keep-alive (1 s in this profile); a leaked one would not.
        awaitQuiet();
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(serverThreads()).as("server threads, against %d before the bursts", baseline)
                        .hasSizeLessThanOrEqualTo(baseline + 2));
        assertThat(threadsRunning("SyncTask.greet")).isEmpty();
        assertThat(threadsRunning("IsqrtSum.over")).isEmpty();
        // Every admission slot came back, from requests that ran, waited, timed out waiting, or hung up.
        await().atMost(Duration.ofSeconds(5)).until(() -> lanes("offload.lane.running") == 0
                && lanes("offload.lane.waiting") == 0);
    }

    double lanes(String gauge) {
        return registry.find(gauge).gauges().stream().mapToDouble(Gauge::value).sum();
    }

    /** The service's own platform threads: the event loops, the worker pool, the CPU pool, the carriers. */
    static List<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("executor-thread") || name.startsWith("vert.x-")
                        || name.startsWith("offload-") || name.startsWith("ForkJoinPool"))
                .sorted().toList();
    }

    /** Every path at once: requests served, rejected with 503, cut by a deadline, and abandoned by the client. */
    void burst() throws IOException {
        List<String> paths = List.of("/async-call", "/sync-route", "/sync-route/virtual", "/method3");
        List<Socket> hangingUp = new ArrayList<>();
        for (String path : paths) {
            Socket client = new Socket(base.getHost(), base.getPort());
            send(client, path);
            hangingUp.add(client);
        }
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (String path : paths) {
            URI uri = base.resolve(path.substring(1));
            pending.add(CLIENT.sendAsync(HttpRequest.newBuilder(uri).header("X-Timeout-Millis", "200").build(),
                    HttpResponse.BodyHandlers.discarding()));
            for (int i = 0; i < 5; i++) {
                pending.add(CLIENT.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()));
            }
        }
        for (Socket client : hangingUp) {
            client.close();
        }
        pending.forEach(CompletableFuture::join);
    }

    void awaitQuiet() {
        await().atMost(Duration.ofSeconds(10)).until(() -> syncTasksRunning() == 0 && cpuThreadsBusy() == 0
                && threadsRunning("SyncTask.greet").isEmpty());
    }

    /** The threads whose stack passes through {@code frame} ({@code Class.method}). */
    static List<String> threadsRunning(String frame) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(f -> (f.getClassName() + "." + f.getMethodName()).endsWith(frame)))
                .map(thread -> thread.getKey().getName()).toList();
    }

    static void send(Socket client, String path) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
