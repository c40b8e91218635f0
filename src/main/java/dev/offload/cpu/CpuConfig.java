package dev.offload.cpu;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.OptionalInt;

/** The CPU pool and the {@code /cpu-bound-task} endpoint. */
@ConfigMapping(prefix = "offload.cpu")
public interface CpuConfig {

    /** Threads in the CPU pool. Default: the number of available processors. */
    OptionalInt poolSize();

    /** {@code n} when the request gives none: the seed's {@code 10**7}. Default {@code 10000000}. */
    @WithDefault("10000000")
    long defaultN();

    /**
     * The largest {@code n} accepted; larger ones get a 400. Default {@code 1000000000} (about a second of
     * both cores here). At most {@value IsqrtSum#LARGEST_N}, where the sum still fits a {@code long}.
     */
    @WithDefault("1000000000")
    long maxN();
}
