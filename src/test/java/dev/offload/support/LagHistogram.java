package dev.offload.support;

import static io.restassured.RestAssured.given;

import java.util.List;

/**
 * The event-loop lag histogram as {@code /q/metrics} serves it, compared as differences of bucket counts so
 * that earlier samples and the order of tests do not matter.
 * <p>
 * Counted between two finite buckets, never from {@code _count} or {@code +Inf}: Micrometer reads a timer's count
 * before its buckets, so a fast probe recorded between the two reads is in a bucket but not in the count, and
 * {@code _count} minus a bucket would then miss a late probe. Two buckets of one series come from one pass over the
 * bucket array, in which a fast probe falls below both bounds or is in neither.
 */
public final class LagHistogram {

    static final String LAG = "offload_event_loop_lag_seconds";

    private final String bucket;
    private final String top;

    private LagHistogram(String bucket, String top) {
        this.bucket = bucket;
        this.top = top;
    }

    /** Watches the largest bucket bound of the histogram that is at most {@code seconds}. */
    public static LagHistogram above(double seconds) {
        List<String> bounds = scrape().lines().filter(line -> line.startsWith(LAG + "_bucket"))
                .map(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .filter(le -> !le.equals("+Inf"))
                .distinct()
                .sorted((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)))
                .toList();
        String below = bounds.stream().filter(le -> Double.parseDouble(le) <= seconds).reduce((a, b) -> b)
                .orElseThrow();
        return new LagHistogram(below, bounds.getLast());
    }

    /** How many probes, on all loops, have run later than the bucket's bound (and within the largest finite one). */
    public double count() {
        PrometheusText metrics = new PrometheusText(scrape());
        return metrics.sum(LAG + "_bucket", "le=\"" + top + "\"") - metrics.sum(LAG + "_bucket", "le=\"" + bucket + "\"");
    }

    public static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
