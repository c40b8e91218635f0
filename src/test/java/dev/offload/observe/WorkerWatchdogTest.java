package dev.offload.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.offload.observe.WorkerWatchdog.Stuck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Work that overstays the watchdog's threshold (1 s in the test profile) is reported once, at about its threshold, with its
 * thread's
 * stack, and counted; it is not stopped: the request still gets its answer. Work that ends under the threshold is
 * never reported.
 */
@QuarkusTest
class WorkerWatchdogTest {

    @Inject
    WorkerWatchdog watchdog;

    @Inject
    MeterRegistry registry;

    @Inject
    ObserveConfig config;

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

        // 3 s: twelve of the watchdog's looks, at a quarter of its threshold each, while the work runs.
        given().queryParam("ms", 3000).when().get(path).then().statusCode(200).body(startsWith("slept 3000 ms"));

        assertThat(reported(lane)).isEqualTo(before + 1);
        assertThat(watchdog.latest(1)).singleElement().satisfies(stuck -> {
            assertThat(stuck.lane()).isEqualTo(lane);
            assertThat(stuck.thread()).startsWith(thread);
            assertThat(stuck.virtual()).isEqualTo(virtual);
            // At about its threshold: at the first look past it, a quarter of the threshold later, not at twice the
            // threshold (the upper bound leaves the watchdog's thread three quarters of a second to be late).
            assertThat(stuck.runningFor()).isGreaterThanOrEqualTo(threshold())
                    .isLessThan(threshold().multipliedBy(2));
            assertThat(stuck.stack()).anyMatch(frame -> frame.contains("DoorTestResource.sleep"));
        });
    }

    Duration threshold() {
        return config.watchdog().threshold();
    }

    @ParameterizedTest
    @CsvSource({ "/test-support/door/sleep, sync-route", "/test-support/door/sleep-virtual, virtual-thread" })
    void workThatEndsUnderTheThresholdIsNeverReported(String path, String lane) {
        double before = reported(lane);
        List<Stuck> reportsBefore = watchdog.latest(100);

        // Half the threshold: two of the watchdog's looks while the work runs, each of which must let it be. The
        // client's own time bounds the work's: should the machine stretch it past the threshold, it proves nothing.
        long ms = threshold().toMillis() / 2;
        long started = System.nanoTime();
        given().queryParam("ms", ms).when().get(path).then().statusCode(200).body(startsWith("slept " + ms + " ms"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assumeTrue(took.compareTo(threshold()) < 0, "the request took " + took + ", past the threshold");
        assertThat(reported(lane)).isEqualTo(before);
        assertThat(watchdog.latest(100)).isEqualTo(reportsBefore);
    }
}
