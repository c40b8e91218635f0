package dev.offload.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.offload.support.BlocksTheEventLoop;
import dev.offload.support.LagHistogram;
import dev.offload.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The event-loop lag histogram in {@code /q/metrics}: samples land in its high buckets when a loop is held. Compared
 * as differences of bucket counts, so the order of the tests and earlier samples do not matter. (How the lag stays
 * under load is a figure of the benchmark, where a busy machine is the point, not a test's verdict.)
 */
@QuarkusTest
class EventLoopLagMetricsTest {

    static final String LAG = "offload_event_loop_lag_seconds";

    @Inject
    EventLoopLag lag;

    @Test
    void theHistogramIsPublishedPerLoop() {
        PrometheusText metrics = new PrometheusText(LagHistogram.scrape());
        assertThat(metrics.has(LAG + "_bucket")).isTrue();
        assertThat(metrics.has("offload_event_loop_lag_current_seconds")).isTrue();
        assertThat(metrics.sum(LAG + "_count", "loop=\"vert.x-eventloop-thread-0\"")).isPositive();
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadSleep")
    void aHeldLoopShowsInTheHighBuckets() {
        LagHistogram late = LagHistogram.above(0.3);
        double before = late.count();

        given().queryParam("ms", 500).when().get("/test-support/block-event-loop").then().statusCode(200);
        LoopProbes.waitUntilEveryLoopHasProbedAgain(lag);

        assertThat(late.count()).isGreaterThan(before);
    }
}
