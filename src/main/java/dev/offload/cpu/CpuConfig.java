package dev.offload.cpu;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The {@code /cpu-bound-task} endpoint. The pool's size is {@code offload.pools.cpu.size}. */
@ConfigMapping(prefix = "offload.cpu")
public interface CpuConfig {

    /** {@code n} when the request gives none: the seed's {@code 10**7}. Default {@code 10000000}. */
    @WithDefault("10000000")
    long defaultN();

    /**
     * The largest {@code n} accepted; larger ones get a 400. Default {@code 1000000000} (about a second of both
     * cores here). At most {@value IsqrtSum#LARGEST_N}, where the sum still fits a {@code long}.
     */
    @WithDefault("1000000000")
    long maxN();
}
