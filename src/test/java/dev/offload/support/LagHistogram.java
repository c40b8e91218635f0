package dev.offload.support;

import static io.restassured.RestAssured.given;

/**
 * The event-loop lag histogram as {@code /q/metrics} serves it, compared as differences of bucket counts so
 * that earlier samples and the order of tests do not matter.
 */
public final class LagHistogram {

    static final String LAG = "offload_event_loop_lag_seconds";

    private final String bucket;

    private LagHistogram(String bucket) {
        this.bucket = bucket;
    }

    /** Watches the largest bucket bound of the histogram that is at most {@code seconds}. */
    public static LagHistogram above(double seconds) {
        String text = scrape();
        return new LagHistogram(text.lines().filter(line -> line.startsWith(LAG + "_bucket"))
                .map(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .filter(le -> !le.equals("+Inf") && Double.parseDouble(le) <= seconds)
                .max((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)))
                .orElseThrow());
    }

    /** How many probes, on all loops, have run later than the bucket's bound so far. */
    public double count() {
        PrometheusText metrics = new PrometheusText(scrape());
        return metrics.sum(LAG + "_count") - metrics.sum(LAG + "_bucket", "le=\"" + bucket + "\"");
    }

    public static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
