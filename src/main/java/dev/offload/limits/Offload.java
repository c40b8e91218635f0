package dev.offload.limits;

import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The reusable run-in-threadpool core: {@code await asyncio.to_thread(f)} with one thing asyncio lacks.
 * When the caller stops waiting (a deadline, a client that hung up), the task is cancelled with an
 * interrupt, so a worker never keeps running work that nobody will read.
 */
public final class Offload {

    private Offload() {
    }

    /**
     * Submits {@code work} to {@code executor} now (so an executor that captures context, such as a
     * {@code ManagedExecutor}, captures the caller's) and returns its result as a {@link Uni}. Cancelling
     * {@code cancellation} interrupts the task if it is running and drops it if it is still queued; one
     * cancellation may stand for several tasks of one request. {@link Admission} cancels it when the
     * request's deadline passes or its client hangs up.
     */
    public static <T> Uni<T> submit(ExecutorService executor, Callable<T> work, Cancellation cancellation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!cancellation.attach(executor.submit(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        }))) {
            result.completeExceptionally(new CancellationException("cancelled before it started"));
        }
        return Uni.createFrom().completionStage(result);
    }

    /**
     * Cancels a request's offloaded tasks, whether that happens before they were submitted (a request that
     * gave up while waiting for admission), while they wait in the executor's queue, or while they run.
     */
    public static final class Cancellation {
        private final List<Future<?>> tasks = new ArrayList<>();
        private boolean cancelled;

        /** @return false if cancelled already, in which case {@code submitted} is cancelled at once */
        synchronized boolean attach(Future<?> submitted) {
            tasks.add(submitted);
            if (cancelled) {
                submitted.cancel(true);
            }
            return !cancelled;
        }

        /** Interrupts the tasks that run, drops the ones that wait, and refuses any submitted later. */
        public synchronized void cancel() {
            cancelled = true;
            tasks.forEach(task -> task.cancel(true));
        }
    }
}
