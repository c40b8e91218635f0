package dev.offload.live;

import static dev.offload.live.LiveLoads.afterTheLoad;
import static dev.offload.live.LiveLoads.load;
import static dev.offload.live.LiveLoads.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.offload.observe.BlockingCallDetector;
import dev.offload.support.BlocksTheEventLoop;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * What the page shows when something is wrong: with the anti-pattern control on, a load on it holds the event loops
 * (the lag rises) and the detector's finding names the call; with a short watchdog threshold, work that overstays is
 * shown with its stack. ({@code syncTask} takes 300 ms in tests.)
 */
@QuarkusTest
@TestProfile(LiveControlTest.ControlOnShortWatchdog.class)
class LiveControlTest {

    public static class ControlOnShortWatchdog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("offload.anti-pattern.enabled", "true", "offload.observe.watchdog.threshold", "100ms");
        }
    }

    @Inject
    BlockingCallDetector detector;

    @AfterEach
    void noLoadOutlivesItsTest() {
        afterTheLoad(Duration.ofSeconds(40));
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadSleep")
    void aLoadOnTheControlHoldsTheEventLoopsAndTheDetectorNamesTheCall() throws InterruptedException {
        List<Map<String, Object>> strategies = state().getList("load.strategies");
        assertThat(strategies).filteredOn(strategy -> Boolean.TRUE.equals(strategy.get("control")))
                .singleElement().satisfies(control -> {
                    assertThat(control.get("id")).isEqualTo("sleepOnEventLoop");
                    assertThat(control.get("path")).isEqualTo("/anti-pattern/sleep-on-event-loop");
                    assertThat(control.get("lane")).isNull();
                });

        // Ended by its count, not cut: no request is left sleeping on a loop after the test. Six sleeps: one more
        // than the page shows.
        load("sleepOnEventLoop", 2, 20, 6).statusCode(200).body("control", equalTo(true));

        // syncTask sleeps 300 ms on the loop, so a loop's lag reaches at least 250 ms.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> state()
                .getList("loops.each.lagMillis", Double.class).stream().anyMatch(lag -> lag >= 250));
        JsonPath ended = afterTheLoad(Duration.ofSeconds(15));
        assertThat(ended.getMap("load.latest.statuses", String.class, Integer.class)).containsExactly(Map.entry("200", 6));
        detector.sync(Duration.ofSeconds(30));
        List<Map<String, Object>> calls = state().getList("blockingCalls.latest");
        assertThat(calls).as("the latest offload.live.findings-shown (5) of six or more").hasSize(5);
        assertThat(calls).anySatisfy(call -> {
            assertThat(call.get("event")).isEqualTo("jdk.ThreadSleep");
            assertThat((String) call.get("thread")).startsWith("vert.x-eventloop-thread-");
            assertThat(((Number) call.get("durationMillis")).doubleValue()).isGreaterThanOrEqualTo(250);
            assertThat((List<String>) call.get("stack"))
                    .anyMatch(frame -> frame.startsWith("dev.offload.seed.SyncTask.greet:"));
        });
    }

    @Test
    void workThatOverstaysTheWatchdogsThresholdIsShownWithItsStack() {
        load("syncRoute", 1, 20, 1).statusCode(200);
        JsonPath ended = afterTheLoad(Duration.ofSeconds(15));
        // Its one request ran its 300 ms and got its 200: the work the watchdog must have seen overstay.
        assertThat(ended.getMap("load.latest.statuses", String.class, Integer.class)).containsExactly(Map.entry("200", 1));

        JsonPath state = await().atMost(Duration.ofSeconds(5)).until(LiveLoads::state,
                now -> !now.getList("stuckWork.latest").isEmpty());
        assertThat(state.getDouble("stuckWork.thresholdMillis")).isEqualTo(100.0);
        Map<String, Object> stuck = state.getMap("stuckWork.latest[0]");
        assertThat(stuck.get("lane")).isEqualTo("sync-route");
        assertThat((String) stuck.get("thread")).startsWith("executor-thread-");
        assertThat(((Number) stuck.get("runningForMillis")).doubleValue()).isGreaterThanOrEqualTo(100);
        assertThat((List<String>) stuck.get("stack")).anyMatch(frame -> frame.startsWith("dev.offload.seed.SyncTask."));
    }
}
