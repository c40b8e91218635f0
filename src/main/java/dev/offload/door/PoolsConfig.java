package dev.offload.door;

import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pools the door owns besides Quarkus' own worker pool. */
@ConfigMapping(prefix = "offload.pools")
public interface PoolsConfig {

    /** The CPU pool. */
    Cpu cpu();

    /** The isolated {@code ManagedExecutor}: its own threads, the request's context cleared. */
    Isolated isolated();

    interface Cpu {
        /** Threads in the CPU pool. Default: the number of processors the JVM sees (a container's CPU limit). */
        OptionalInt size();
    }

    interface Isolated {
        /** Tasks it runs at once. Default {@code 4}. */
        @WithDefault("4")
        int maxAsync();

        /** Tasks that may wait; one more is refused (a 503 at the edge). Default {@code 16}. */
        @WithDefault("16")
        int maxQueued();
    }
}
