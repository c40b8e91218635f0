package dev.offload.door;

import java.util.concurrent.ExecutorService;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.context.SmallRyeManagedExecutor;

/**
 * A second {@code ManagedExecutor} beside Quarkus' default one, with its own threads and limits and a cleared
 * context: for work that must not see the request (audit, cache warm-up, anything that outlives it) and must not
 * take more than its share. The default one propagates everything and shares the Quarkus worker pool, which also
 * hands the request's Vert.x context (and with it the MDC and Vert.x locals) to every task; a
 * {@code ManagedExecutor} built on that pool keeps those even when told to clear everything, so this one runs on
 * threads of its own. The door reaches it as {@link Hop#ISOLATED_EXECUTOR}.
 */
@Singleton
public class IsolatedExecutor {

    public static final String NAME = "isolated";

    // A singleton made at start-up: a bean made lazily, on first use, is made on an event loop, under a lock other
    // event loops then wait for (the blocking-call detector caught that too).
    @Produces
    @Startup
    @Singleton
    @Identifier(NAME)
    ManagedExecutor isolated(PoolsConfig config) {
        // max-async threads, max-queued waiting tasks, and a RejectedExecutionException beyond that.
        ExecutorService pool = Pools.bounded(Pools.fixed(config.isolated().maxAsync(), "offload-isolated-"),
                config.isolated().maxAsync() + config.isolated().maxQueued());
        return ((SmallRyeManagedExecutor.Builder) ManagedExecutor.builder())
                .withExecutorService(pool)
                .propagated(ThreadContext.NONE)
                .cleared(ThreadContext.ALL_REMAINING)
                .build();
    }

    void shutdown(@Disposes @Identifier(NAME) ManagedExecutor executor) {
        executor.shutdownNow();
    }
}
