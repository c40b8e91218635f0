package dev.offload.door;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Two running and one waiting per lane (the CPU lane: one and one) and per Fault Tolerance bulkhead, and a syncTask
 * of 2 s.
 */
public class TightLimits implements QuarkusTestProfile {

    /** The service's lanes, as its endpoints name them. */
    public static final List<String> LANES = List.of("to-thread", "sync-route", "virtual-thread", "run-in-threadpool",
            "cpu-pool", "calc", "compute", "context");

    /** The methods of {@code FaultToleranceResource}, whose bulkheads are configured here by the standard keys. */
    public static final List<String> FAULT_TOLERANCE_METHODS = List.of("bulkhead", "asynchronousBulkhead",
            "virtualThreadBulkhead");

    static final long TASK_MILLIS = 2000;
    /** A CPU sum of about 20 s on two cores: only an interrupt ends it within seconds. */
    static final long HEAVY_N = 20_000_000_000L;

    @Override
    public Map<String, String> getConfigOverrides() {
        return tightLimits();
    }

    /** These limits with more entries (key, value, key, value...), for a profile that differs in a setting or two. */
    static Map<String, String> tightLimitsWith(String... keysAndValues) {
        Map<String, String> config = tightLimits();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    private static Map<String, String> tightLimits() {
        Map<String, String> config = new HashMap<>();
        config.put("offload.sync-task.delay", TASK_MILLIS + "ms");
        for (String lane : LANES) {
            boolean cpu = lane.equals("cpu-pool");
            config.put("offload.lanes." + lane + ".max-concurrent", cpu ? "1" : "2");
            config.put("offload.lanes." + lane + ".queue", "1");
            config.put("offload.lanes." + lane + ".timeout", "10s");
        }
        config.put("offload.lanes.retry-after", "3s");
        // The Fault Tolerance endpoints, bounded alike: two at once and one waiting (which only the @Asynchronous
        // bulkhead has), set by the standard keys; their timeout stays 10 s.
        for (String method : FAULT_TOLERANCE_METHODS) {
            String key = "quarkus.fault-tolerance.\"dev.offload.faulttolerance.FaultToleranceResource/" + method + "\".";
            config.put(key + "bulkhead.value", "2");
            config.put(key + "bulkhead.waiting-task-queue", "1");
        }
        // These tests send again over the HTTP client's pooled connections: a tarpitted one would hold up the next
        // test's 503s for the whole Retry-After. ShedTest shows the tarpit itself.
        config.put("offload.lanes.shed.tarpit", "false");
        config.put("offload.cpu.max-n", Long.toString(HEAVY_N));
        // Worker threads beyond the core end 1 s after their last task, so a thread count can come back down.
        config.put("quarkus.thread-pool.keep-alive-time", "1s");
        return config;
    }
}
