package dev.offload.observe;

import dev.offload.support.Concurrently;
import dev.offload.support.PrometheusText;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event-loop lag histogram in {@code /q/metrics}: samples land in its high buckets when a loop is held,
 * and stay in its low ones while the blocking work of the offloaded endpoints runs elsewhere. Compared as
 * differences of bucket counts, so the order of the tests and earlier samples do not matter.
 */
@QuarkusTest
class EventLoopLagMetricsTest {

    static final String LAG = "offload_event_loop_lag_seconds";

    @Inject
    EventLoopLag lag;

    @TestHTTPResource("/async-call")
    URI asyncCall;

    static PrometheusText metrics() {
        return new PrometheusText(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** Probes that ran later than {@code seconds} (the bucket bound must be one the histogram has). */
    static double samplesAbove(PrometheusText metrics, String bucket) {
        return metrics.sum(LAG + "_count") - metrics.sum(LAG + "_bucket", "le=\"" + bucket + "\"");
    }

    @Test
    void theHistogramIsPublishedPerLoop() {
        PrometheusText metrics = metrics();
        assertThat(metrics.has(LAG + "_bucket")).isTrue();
        assertThat(metrics.has("offload_event_loop_lag_current_seconds")).isTrue();
        assertThat(metrics.sum(LAG + "_count", "loop=\"vert.x-eventloop-thread-0\"")).isPositive();
    }

    @Test
    void aHeldLoopShowsInTheHighBuckets() {
        String bucket = highestBucketAtMost(0.3);
        double before = samplesAbove(metrics(), bucket);

        given().queryParam("ms", 500).when().get("/test-support/block-event-loop").then().statusCode(200);
        LoopProbes.waitUntilEveryLoopHasProbedAgain(lag);

        assertThat(samplesAbove(metrics(), bucket)).isGreaterThan(before);
    }

    @Test
    void offloadedLoadStaysInTheLowBuckets() {
        Concurrently.get(asyncCall, 2);
        String bucket = highestBucketAtMost(0.15);
        double before = samplesAbove(metrics(), bucket);

        Concurrently.get(asyncCall, 20);
        LoopProbes.waitUntilEveryLoopHasProbedAgain(lag);

        assertThat(samplesAbove(metrics(), bucket)).isEqualTo(before);
    }

    /** The largest bucket bound of the lag histogram that is at most {@code seconds}, as Prometheus writes it. */
    static String highestBucketAtMost(double seconds) {
        String text = given().when().get("/q/metrics").then().extract().asString();
        return text.lines().filter(line -> line.startsWith(LAG + "_bucket"))
                .map(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .filter(le -> !le.equals("+Inf") && Double.parseDouble(le) <= seconds)
                .max((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)))
                .orElseThrow();
    }
}
