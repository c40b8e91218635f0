package dev.offload.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.offload.support.BlocksTheEventLoop;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The detector names the blocking call and its stack, however short the block: a 10 ms sleep and a 10 ms wait on a
 * monitor on an event loop are each reported, with the endpoint method among the frames. It judges by what the call
 * did, not by how long it took, so it holds on a slow machine as on a fast one. (Every other test relies on it
 * staying silent: {@code support.EventLoopNeverBlocks}.)
 */
@QuarkusTest
class BlockingCallDetectorTest {

    @Inject
    BlockingCallDetector detector;

    List<BlockingCallDetector.Finding> findingsOf(String path, String event) throws InterruptedException {
        Instant before = Instant.now();
        given().when().get(path).then().statusCode(200);
        detector.sync(Duration.ofSeconds(30));
        return detector.since(before).stream().filter(finding -> finding.event().equals(event)).toList();
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadSleep")
    void aTenMillisecondSleepIsNamedWithItsStack() throws InterruptedException {
        List<BlockingCallDetector.Finding> found = findingsOf("/test-support/block-event-loop?ms=10", "jdk.ThreadSleep");

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
