package dev.offload.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Work that overstays the watchdog's threshold (300 ms here) is reported once, with its thread's stack, and counted;
 * it is not stopped: the request still gets its answer.
 */
@QuarkusTest
@TestProfile(WorkerWatchdogTest.QuickToReport.class)
class WorkerWatchdogTest {

    public static class QuickToReport implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("offload.observe.watchdog.threshold", "300ms");
        }
    }

    @Inject
    WorkerWatchdog watchdog;

    @Inject
    MeterRegistry registry;

    double reported(String lane) {
        Counter counter = registry.find("offload.watchdog.stuck").tag("lane", lane).counter();
        return counter == null ? 0 : counter.count();
    }

    @ParameterizedTest
    @CsvSource({ "/test-support/door/sleep, sync-route, executor-thread-, false",
            "/test-support/door/sleep-virtual, virtual-thread, quarkus-virtual-thread-, true" })
    void workThatOverstaysIsReportedOnceWithItsStackAndLeftToFinish(String path, String lane, String thread,
            boolean virtual) {
        double before = reported(lane);

        // 1.5 s: five of the watchdog's looks, at a quarter of its threshold each, while the work runs.
        given().queryParam("ms", 1500).when().get(path).then().statusCode(200).body(startsWith("slept 1500 ms"));

        assertThat(reported(lane)).isEqualTo(before + 1);
        assertThat(watchdog.latest(1)).singleElement().satisfies(stuck -> {
            assertThat(stuck.lane()).isEqualTo(lane);
            assertThat(stuck.thread()).startsWith(thread);
            assertThat(stuck.virtual()).isEqualTo(virtual);
            assertThat(stuck.runningFor().toMillis()).isGreaterThanOrEqualTo(300);
            assertThat(stuck.stack()).anyMatch(frame -> frame.contains("DoorTestResource.sleep"));
        });
    }
}
