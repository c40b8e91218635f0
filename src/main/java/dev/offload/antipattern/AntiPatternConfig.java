package dev.offload.antipattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The anti-pattern control endpoint. */
@ConfigMapping(prefix = "offload.anti-pattern")
public interface AntiPatternConfig {

    /**
     * Whether {@code /anti-pattern/sleep-on-event-loop} exists. Default {@code false}: it answers 404 unless
     * switched on, at run time ({@code OFFLOAD_ANTI_PATTERN_ENABLED=true}), for a benchmark's control run.
     */
    @WithDefault("false")
    boolean enabled();
}
