package dev.offload.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;

/** Reads samples out of the Prometheus text that {@code /q/metrics} serves. */
public final class PrometheusText {

    // A sample may end with an exemplar (" # {trace_id=...} 1.0 1795527574.818"): OpenTelemetry adds them to
    // histograms and counters when /q/metrics is read as OpenMetrics.
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)(?: # \\{[^}]*} \\S+(?: \\S+)?)?$");

    private final String text;

    public PrometheusText(String text) {
        this.text = text;
    }

    /** The sum of every sample named {@code name} whose labels contain all of {@code labelParts}. */
    public double sum(String name, String... labelParts) {
        return values(name, labelParts).sum();
    }

    /** How many samples named {@code name} have labels containing all of {@code labelParts}. */
    public long count(String name, String... labelParts) {
        return values(name, labelParts).count();
    }

    /** Whether a sample named {@code name} is present at all. */
    public boolean has(String name) {
        return count(name) > 0;
    }

    private DoubleStream values(String name, String... labelParts) {
        return text.lines().map(SAMPLE::matcher).filter(Matcher::matches)
                .filter(sample -> sample.group(1).equals(name))
                .filter(sample -> {
                    String labels = sample.group(3) == null ? "" : sample.group(3);
                    for (String part : labelParts) {
                        if (!labels.contains(part)) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(sample -> Double.parseDouble(sample.group(4)));
    }
}
