package dev.offload.context;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The isolated {@code ManagedExecutor}. */
@ConfigMapping(prefix = "offload.context.isolated-executor")
public interface ContextConfig {

    /** Tasks it runs at once. Default {@code 4}. */
    @WithDefault("4")
    int maxAsync();

    /** Tasks that may wait; one more is rejected. Default {@code 16}. */
    @WithDefault("16")
    int maxQueued();
}
