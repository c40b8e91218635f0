package dev.offload.door;

import java.time.Duration;

/** One lane's limits as the plain unit tests write them, without a configuration source. */
record LaneLimits(int maxConcurrent, int queue, Duration timeout, LanesConfig.LimitAlgorithm limit, int minConcurrent)
        implements
            LanesConfig.LaneConfig {

    static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    /** {@code maxConcurrent} running at once, {@code queue} waiting, a fixed limit. */
    static LaneLimits fixed(int maxConcurrent, int queue) {
        return new LaneLimits(maxConcurrent, queue, TEN_SECONDS, LanesConfig.LimitAlgorithm.FIXED, 1);
    }

    /** An adaptive limit between {@code minConcurrent} and {@code maxConcurrent}, starting at the top. */
    static LaneLimits adaptive(LanesConfig.LimitAlgorithm algorithm, int minConcurrent, int maxConcurrent,
            Duration timeout) {
        return new LaneLimits(maxConcurrent, maxConcurrent, timeout, algorithm, minConcurrent);
    }
}
