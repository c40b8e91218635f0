package dev.offload.peer;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The blocking task's settings, as the main service's {@code offload.sync-task.*}. */
@ConfigMapping(prefix = "peer.sync-task")
public interface SyncTaskConfig {

    /** How long the task blocks its worker thread; default 2 s, the seed's {@code time.sleep(2)}. */
    @WithDefault("2s")
    Duration delay();

    /** Whether {@code PUT /sync-task/delay} may change the delay at runtime; default false (it answers 404). */
    @WithDefault("false")
    boolean delaySwitch();
}
