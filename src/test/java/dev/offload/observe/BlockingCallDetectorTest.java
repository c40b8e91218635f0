package dev.offload.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.offload.support.BlocksTheEventLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The detector names the blocking call and its stack, however short the block: each kind of call docs/observing.md
 * lists, made on an event loop, is reported as its own JFR event, with the call and the endpoint method among the
 * frames: a 10 ms sleep, a 10 ms wait on a monitor, a 10 ms park (bare, in a future's {@code get}, on a lock another
 * thread holds), a file's write and read, a socket's write and read. It judges by what the call
 * did, not by how long it took, so it holds on a slow machine as on a fast one. (Every other test relies on it
 * staying silent: {@code support.EventLoopNeverBlocks}.)
 */
@QuarkusTest
class BlockingCallDetectorTest {

    @Inject
    BlockingCallDetector detector;

    @Inject
    MeterRegistry registry;

    /** The calls of {@code event} counted so far, {@code offload_event_loop_blocking_calls_total{event=...}}. */
    double counted(String event) {
        Counter counter = registry.find("offload.event-loop.blocking-calls").tag("event", event).counter();
        return counter == null ? 0 : counter.count();
    }

    List<BlockingCallDetector.Finding> findingsOf(String path, String event) throws InterruptedException {
        Instant before = Instant.now();
        given().when().get(path).then().statusCode(200);
        return findingsSince(before, event);
    }

    List<BlockingCallDetector.Finding> findingsSince(Instant before, String event) throws InterruptedException {
        detector.sync(Duration.ofSeconds(30));
        return detector.since(before).stream().filter(finding -> finding.event().equals(event)).toList();
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadSleep")
    void aTenMillisecondSleepIsNamedWithItsStack() throws InterruptedException {
        double before = counted("jdk.ThreadSleep");
        List<BlockingCallDetector.Finding> found = findingsOf("/test-support/block-event-loop?ms=10", "jdk.ThreadSleep");

        assertThat(counted("jdk.ThreadSleep")).as("offload_event_loop_blocking_calls_total{event=\"jdk.ThreadSleep\"}")
                .isEqualTo(before + 1);

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.thread()).startsWith("vert.x-eventloop-thread-");
            assertThat(finding.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
            assertThat(finding.stack())
                    .anyMatch(frame -> frame.startsWith(BlockTheEventLoopResource.class.getName() + ".block:"));
            assertThat(finding.toString()).contains("jdk.ThreadSleep",
                    "\tat " + BlockTheEventLoopResource.class.getName() + ".block:");
        });
    }

    @Test
    @BlocksTheEventLoop("jdk.JavaMonitorWait")
    void aWaitOnAMonitorIsNamedWithItsStack() throws InterruptedException {
        List<BlockingCallDetector.Finding> found = findingsOf("/test-support/block-event-loop/wait?ms=10",
                "jdk.JavaMonitorWait");

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.call()).startsWith("java.lang.Object.wait");
            assertThat(finding.detail()).contains("monitorClass=java.lang.Object");
            assertThat(finding.stack())
                    .anyMatch(frame -> frame.startsWith(BlockTheEventLoopResource.class.getName() + ".waitOnAMonitor:"));
        });
    }

    /** The endpoint method among the frames, below the call that blocked. */
    static void madeIn(BlockingCallDetector.Finding finding, String method, String call) {
        assertThat(finding.thread()).startsWith("vert.x-eventloop-thread-");
        assertThat(finding.stack()).anyMatch(frame -> frame.startsWith(call));
        assertThat(finding.stack())
                .anyMatch(frame -> frame.startsWith(BlockTheEventLoopResource.class.getName() + "." + method + ":"));
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadPark")
    void aParkIsNamedWithItsStack() throws InterruptedException {
        List<BlockingCallDetector.Finding> found = findingsOf("/test-support/block-event-loop/park?ms=10",
                "jdk.ThreadPark");

        assertThat(found).anySatisfy(finding -> madeIn(finding, "park", "java.util.concurrent.locks.LockSupport.parkNanos"));
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadPark")
    void aFuturesGetIsNamedWithItsStack() throws InterruptedException {
        List<BlockingCallDetector.Finding> found = findingsOf("/test-support/block-event-loop/future?ms=10",
                "jdk.ThreadPark");

        assertThat(found).anySatisfy(finding -> {
            madeIn(finding, "futureGet", "java.util.concurrent.CompletableFuture.get");
            assertThat(finding.detail()).contains("parkedClass=java.util.concurrent.CompletableFuture");
        });
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadPark")
    void aLockHeldByAnotherThreadIsNamedWithItsStack() throws InterruptedException {
        Instant before = Instant.now();
        BlockTheEventLoopResource.LOCK.lock();
        try {
            given().when().get("/test-support/block-event-loop/lock?ms=10").then().statusCode(200)
                    .body(equalTo("took the lock: false"));
        } finally {
            BlockTheEventLoopResource.LOCK.unlock();
        }

        assertThat(findingsSince(before, "jdk.ThreadPark")).anySatisfy(finding -> {
            madeIn(finding, "lock", "java.util.concurrent.locks.ReentrantLock.tryLock");
            assertThat(finding.detail()).contains("parkedClass=java.util.concurrent.locks.ReentrantLock");
        });
    }

    @Test
    @BlocksTheEventLoop("jdk.FileWrite")
    void aFileWriteIsNamedWithItsStack() throws InterruptedException {
        List<BlockingCallDetector.Finding> found = findingsOf("/test-support/block-event-loop/file", "jdk.FileWrite");

        assertThat(found).anySatisfy(finding -> {
            madeIn(finding, "writeAndReadAFile", "java.nio.file.Files.writeString");
            assertThat(finding.detail()).contains("path=", "offload-block");
        });
    }

    @Test
    @BlocksTheEventLoop("jdk.FileRead")
    void aFileReadIsNamedWithItsStack() throws InterruptedException {
        List<BlockingCallDetector.Finding> found = findingsOf("/test-support/block-event-loop/file", "jdk.FileRead");

        assertThat(found).anySatisfy(finding -> {
            madeIn(finding, "writeAndReadAFile", "java.nio.file.Files.readString");
            assertThat(finding.detail()).contains("path=", "offload-block");
        });
    }

    @Test
    @BlocksTheEventLoop("jdk.SocketWrite")
    void aSocketWriteIsNamedWithItsStack() throws InterruptedException {
        List<BlockingCallDetector.Finding> found = findingsOf("/test-support/block-event-loop/socket",
                "jdk.SocketWrite");

        assertThat(found)
                .anySatisfy(finding -> {
                    // JFR's stack of a socket event starts at the caller of the socket's stream: the endpoint method.
                    madeIn(finding, "writeAndReadASocket", BlockTheEventLoopResource.class.getName() + ".writeAndReadASocket");
                    assertThat(finding.detail()).contains("address=127.0.0.1");
                });
    }

    @Test
    @BlocksTheEventLoop("jdk.SocketRead")
    void aSocketReadIsNamedWithItsStack() throws InterruptedException {
        List<BlockingCallDetector.Finding> found = findingsOf("/test-support/block-event-loop/socket",
                "jdk.SocketRead");

        assertThat(found)
                .anySatisfy(finding -> {
                    // JFR's stack of a socket event starts at the caller of the socket's stream: the endpoint method.
                    madeIn(finding, "writeAndReadASocket", BlockTheEventLoopResource.class.getName() + ".writeAndReadASocket");
                    assertThat(finding.detail()).contains("address=127.0.0.1");
                });
    }

    @Test
    void theOffloadedEndpointsAreSilent() throws InterruptedException {
        Instant before = Instant.now();
        for (String path : List.of("/async-call", "/method3", "/cpu-bound-task", "/calc/12?mode=sync", "/calc/5000",
                "/context/matrix", "/ping")) {
            given().when().get(path).then().statusCode(200);
        }
        given().when().post("/compute/12").then().statusCode(200);
        detector.sync(Duration.ofSeconds(30));

        assertThat(detector.since(before)).isEmpty();
    }
}
