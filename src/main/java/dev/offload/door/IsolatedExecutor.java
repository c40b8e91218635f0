package dev.offload.door;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.context.SmallRyeManagedExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A second {@code ManagedExecutor} beside Quarkus' default one, with its own threads and limits and a cleared
 * context: for work that must not see the request (audit, cache warm-up, anything that outlives it) and must not
 * take more than its share. The default one propagates everything and shares the Quarkus worker pool, which also
 * hands the request's Vert.x context (and with it the MDC and Vert.x locals) to every task; a
 * {@code ManagedExecutor} built on that pool keeps those even when told to clear everything, so this one runs on
 * threads of its own. The door reaches it as {@link Hop#ISOLATED_EXECUTOR}.
 */
@ApplicationScoped
public class IsolatedExecutor {

    public static final String NAME = "isolated";

    @Produces
    @ApplicationScoped
    @Identifier(NAME)
    ManagedExecutor isolated(PoolsConfig config) {
        int threads = config.isolated().maxAsync();
        // max-async threads, max-queued waiting tasks, and a RejectedExecutionException beyond that.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.isolated().maxQueued()),
                Thread.ofPlatform().name("offload-isolated-", 1).daemon(true).factory());
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
