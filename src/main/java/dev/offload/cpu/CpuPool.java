package dev.offload.cpu;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fixed pool of platform threads, one per core, for CPU-bound work only: the Java form of the seed's
 * {@code ProcessPoolExecutor}. Java threads run in parallel (there is no GIL), so threads do what
 * processes do in Python. It is kept apart from the I/O worker pool, so CPU work cannot starve blocking
 * I/O of threads, and from virtual threads, which suit waiting, not computing.
 * Created once when the application starts (so a bad configuration fails the start, not a request)
 * and shut down with it.
 */
@Startup
@Singleton
public class CpuPool {

    private static final Logger LOG = Logger.getLogger(CpuPool.class);
    private static final long SHUTDOWN_GRACE_SECONDS = 10;

    private final int size;
    private final ExecutorService executor;

    CpuPool(CpuConfig config, MeterRegistry registry) {
        this.size = config.poolSize().orElse(Runtime.getRuntime().availableProcessors());
        if (size < 1) {
            throw new IllegalArgumentException("offload.cpu.pool-size must be at least 1, was " + size);
        }
        if (config.maxN() < 0 || config.maxN() > IsqrtSum.LARGEST_N) {
            throw new IllegalArgumentException("offload.cpu.max-n must be between 0 and " + IsqrtSum.LARGEST_N
                    + " (the sum must fit a long), was " + config.maxN());
        }
        if (config.defaultN() < 0 || config.defaultN() > config.maxN()) {
            throw new IllegalArgumentException("offload.cpu.default-n must be between 0 and offload.cpu.max-n ("
                    + config.maxN() + "), was " + config.defaultN());
        }
        // Instrumented: executor_active_threads, executor_queued_tasks and executor_completed_tasks_total
        // with name="offload-cpu" in /q/metrics.
        this.executor = ExecutorServiceMetrics.monitor(registry, Executors.newFixedThreadPool(size,
                Thread.ofPlatform().name("offload-cpu-", 1).daemon(true).factory()), "offload-cpu");
    }

    /** How many tasks can run at once. */
    public int size() {
        return size;
    }

    /** The pool, to submit CPU-bound tasks to; its lifecycle stays here. */
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
