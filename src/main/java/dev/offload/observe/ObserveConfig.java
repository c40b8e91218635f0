package dev.offload.observe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the service watches itself. */
@ConfigMapping(prefix = "offload.observe")
public interface ObserveConfig {

    /**
     * How often a probe is scheduled on each event loop to measure how late it runs. Default {@code 50ms}.
     */
    @WithDefault("50ms")
    Duration lagProbeInterval();
}
