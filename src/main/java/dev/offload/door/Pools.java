package dev.offload.door;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The door's own pools, built so that handing them a task from an event loop never waits for a lock. A
 * {@code ThreadPoolExecutor} on a {@code LinkedBlockingQueue} (what {@code Executors.newFixedThreadPool} builds) or an
 * {@code ArrayBlockingQueue} takes the queue's lock to wake a waiting thread, and an event loop that finds a worker
 * holding it parks: the blocking-call detector caught exactly that. A {@code LinkedTransferQueue} takes no lock.
 */
final class Pools {

    private Pools() {
    }

    /** {@code threads} platform threads named {@code prefix1, prefix2...}, their queue without a lock or an end. */
    static ThreadPoolExecutor fixed(int threads, String prefix) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedTransferQueue<>(),
                Thread.ofPlatform().name(prefix, 1).daemon(true).factory());
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
