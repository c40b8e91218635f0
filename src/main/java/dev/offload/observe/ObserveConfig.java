package dev.offload.observe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the service watches its event loops. */
@ConfigMapping(prefix = "offload.observe")
public interface ObserveConfig {

    /**
     * How often a probe is scheduled on each event loop to measure how late it runs. Default {@code 50ms}.
     */
    @WithDefault("50ms")
    Duration lagProbeInterval();

    /** Lag above which an event loop counts as held. Default {@code 200ms}. */
    @WithDefault("200ms")
    Duration lagThreshold();

    /**
     * How long a loop's lag must stay above {@link #lagThreshold()} before readiness goes DOWN, so that one
     * garbage-collection pause does not take the instance out of a load balancer. Default {@code 2s}.
     */
    @WithDefault("2s")
    Duration lagSustain();
}
