package dev.offload.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sums out of the Prometheus text that {@code /q/metrics} serves. */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$");

    private final String text;

    public PrometheusText(String text) {
        this.text = text;
    }

    /** The sum of every sample named {@code name} whose labels contain all of {@code labelParts}. */
    public double sum(String name, String... labelParts) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            String labels = sample.group(3) == null ? "" : sample.group(3);
            boolean all = true;
            for (String part : labelParts) {
                all &= labels.contains(part);
            }
            if (all) {
                sum += Double.parseDouble(sample.group(4));
            }
        }
        return sum;
    }

    /** Whether a sample named {@code name} is present at all. */
    public boolean has(String name) {
        return text.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
    }
}
