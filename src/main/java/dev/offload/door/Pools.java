package dev.offload.door;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.MDC;

import io.opentelemetry.context.Context;

/**
 * The door's own pools, built so that handing them a task from an event loop never waits for a lock, and so that a
 * task never inherits what an earlier one left on its thread.
 * <ul>
 * <li>A {@code ThreadPoolExecutor} on a {@code LinkedBlockingQueue} (what {@code Executors.newFixedThreadPool}
 * builds) or an {@code ArrayBlockingQueue} takes the queue's lock to wake a waiting thread, and an event loop that
 * finds a worker holding it parks: the blocking-call detector caught exactly that. A {@code LinkedTransferQueue}
 * takes no lock.</li>
 * <li>A task that Mutiny or a {@code ThreadContext} brought to a plain thread installs the request's OpenTelemetry
 * context there and never takes it away (quarkus#54354): the next task on that thread would run in another request's
 * trace, and log its trace id. So every task starts from the root context, without trace ids in the MDC.</li>
 * </ul>
 */
final class Pools {

    private Pools() {
    }

    /** The MDC keys Quarkus' OpenTelemetry puts a trace into. */
    static final List<String> TRACE_KEYS = List.of("traceId", "spanId", "sampled", "parentId");

    /**
     * {@code threads} platform threads named {@code prefix1, prefix2...}, their queue without a lock or an end, each
     * task started from a clean slate.
     */
    static ThreadPoolExecutor fixed(int threads, String prefix) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedTransferQueue<>(),
                Thread.ofPlatform().name(prefix, 1).daemon(true).factory()) {
            @Override
            protected void beforeExecute(Thread thread, Runnable task) {
                // Replaces whatever context an earlier task left attached; its scope is deliberately not kept.
                Context.root().makeCurrent();
                TRACE_KEYS.forEach(MDC::remove);
            }
        };
    }

    /**
     * {@code pool}, refusing with a {@code RejectedExecutionException} a task beyond {@code limit} running or waiting,
     * counted without a lock.
     */
    static ExecutorService bounded(ExecutorService pool, int limit) {
        return new Bounded(pool, limit);
    }

    private static final class Bounded extends AbstractExecutorService {
        private final ExecutorService pool;
        private final int limit;
        private final AtomicInteger taken = new AtomicInteger();

        Bounded(ExecutorService pool, int limit) {
            this.pool = pool;
            this.limit = limit;
        }

        @Override
        public void execute(Runnable task) {
            if (taken.incrementAndGet() > limit) {
                taken.decrementAndGet();
                throw new RejectedExecutionException("all " + limit + " places are taken");
            }
            try {
                pool.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        taken.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException shutDown) {
                taken.decrementAndGet();
                throw shutDown;
            }
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }
}
