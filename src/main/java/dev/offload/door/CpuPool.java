package dev.offload.door;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.quarkus.runtime.Startup;

/**
 * A fixed pool of platform threads, one per core, for CPU-bound work only: the Java form of the seed's
 * {@code ProcessPoolExecutor}. Java threads run in parallel (there is no GIL), so threads do what processes do in
 * Python. It is kept apart from the I/O worker pool, so CPU work cannot starve blocking I/O of threads, and from
 * virtual threads, which suit waiting, not computing. Created once when the application starts (so a bad
 * configuration fails the start, not a request) and shut down with it. Work reaches it through the door
 * ({@link Door#guard} around {@link #executor()}, or {@link Hop#CPU_POOL}).
 */
@Startup
@Singleton
public class CpuPool {

    private static final Logger LOG = Logger.getLogger(CpuPool.class);
    private static final long SHUTDOWN_GRACE_SECONDS = 10;

    private final int size;
    private final ExecutorService executor;

    CpuPool(PoolsConfig config, MeterRegistry registry) {
        this.size = config.cpu().size().orElse(Runtime.getRuntime().availableProcessors());
        if (size < 1) {
            throw new IllegalArgumentException("offload.pools.cpu.size must be at least 1, was " + size);
        }
        // Instrumented: executor_active_threads, executor_queued_tasks and executor_completed_tasks_total
        // with name="offload-cpu" in /q/metrics.
        this.executor = ExecutorServiceMetrics.monitor(registry, Pools.fixed(size, "offload-cpu-"), "offload-cpu");
    }

    /** How many tasks can run at once: how many slices a sum is cut into. */
    public int size() {
        return size;
    }

    /** The pool itself: hand it work through {@link Door#guard}, as a request's work. */
    public ExecutorService executor() {
        return executor;
    }

    @PreDestroy
    void shutdown() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.warnf("CPU pool still busy after %ds; interrupting its tasks", SHUTDOWN_GRACE_SECONDS);
                executor.shutdownNow();
            }
            LOG.info("CPU pool shut down");
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
