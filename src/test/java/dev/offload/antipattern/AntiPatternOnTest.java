package dev.offload.antipattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.offload.observe.BlockingCallDetector;
import dev.offload.observe.EventLoopLag;
import dev.offload.support.BlocksTheEventLoop;
import dev.offload.support.LagHistogram;
import dev.offload.support.SwitchesOn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Switched on by configuration, the control does what it is there to show: it holds the event loop. */
@QuarkusTest
@TestProfile(SwitchesOn.class)
class AntiPatternOnTest {

    @Inject
    EventLoopLag lag;

    @Inject
    BlockingCallDetector detector;

    @Test
    @BlocksTheEventLoop("jdk.ThreadSleep")
    void itSleepsOnTheEventLoopAndTheLagProbeSeesIt() {
        lag.reset();
        LagHistogram late = LagHistogram.above(0.25);
        double before = late.count();

        given().when().get("/anti-pattern/sleep-on-event-loop").then().statusCode(200)
                .body("message", equalTo("Hello Event Loop, sync task done!"))
                .body("endpoint.eventLoop", equalTo(true))
                .body("work.eventLoop", equalTo(true))
                .body("work.thread", startsWith("vert.x-eventloop-thread-"));

        // syncTask sleeps 300 ms in tests; the loop's next probe runs that late.
        await().atMost(Duration.ofSeconds(2)).until(() -> lag.maxSinceReset().compareTo(Duration.ofMillis(250)) >= 0);
        assertThat(lag.maxSinceReset()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        // and the Prometheus histogram in /q/metrics counts the late probe in its high buckets
        assertThat(late.count()).isGreaterThan(before);
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadSleep")
    void theBlockingCallDetectorNamesTheSleepInSyncTask() throws InterruptedException {
        Instant before = Instant.now();
        given().when().get("/anti-pattern/sleep-on-event-loop").then().statusCode(200);
        detector.sync(Duration.ofSeconds(30));

        assertThat(detector.since(before)).anySatisfy(finding -> {
            assertThat(finding.event()).isEqualTo("jdk.ThreadSleep");
            assertThat(finding.stack()).anyMatch(frame -> frame.startsWith("dev.offload.seed.SyncTask.greet:"));
            assertThat(finding.stack()).anyMatch(frame -> frame.startsWith(
                    "dev.offload.antipattern.SleepOnEventLoopResource.sleepOnEventLoop:"));
        });
    }
}
