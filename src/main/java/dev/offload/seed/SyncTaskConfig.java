package dev.offload.seed;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The seed's {@code sync_task}: how long it blocks. */
@ConfigMapping(prefix = "offload.sync-task")
public interface SyncTaskConfig {

    /** How long {@code syncTask} blocks its thread, as the seed's {@code time.sleep(2)}. Default {@code 2s}. */
    @WithDefault("2s")
    Duration delay();

    /**
     * Whether {@code PUT /sync-task/delay} may change the delay while the service runs, as the benchmark does to
     * show a limit following latency. Default {@code false}: the endpoint answers 404.
     */
    @WithDefault("false")
    boolean delaySwitch();
}
