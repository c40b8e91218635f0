package dev.offload.limits;

import dev.offload.error.IntegerParam;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every offload path's door: a bounded number of requests run, a bounded number wait, the rest get a 503 at
 * once (SmallRye Fault Tolerance bulkheads: {@code BulkheadException}); and every admitted request has a
 * deadline, past which it gets a 504 and its work is interrupted. A client that hangs up cancels its work
 * the same way. The bulkheads publish {@code ft_bulkhead_*} metrics tagged {@code method="offload-<path>"}:
 * running, waiting, and calls by result (accepted, rejected).
 */
@Startup
@Singleton
public class Admission {

    /** The request header that shortens a request's deadline, in milliseconds. */
    public static final String TIMEOUT_HEADER = "X-Timeout-Millis";

    private final LimitsConfig config;
    private final Map<OffloadPath, Guard> guards = new EnumMap<>(OffloadPath.class);
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("offload-deadlines").daemon(true).factory());

    Admission(LimitsConfig config) {
        this.config = config;
        for (OffloadPath path : OffloadPath.values()) {
            LimitsConfig.PathLimits limits = config.of(path);
            // Checked at start-up, so a bad configuration stops the application instead of failing requests.
            if (limits.maxConcurrent() < 1 || limits.queue() < 1 || limits.timeout().isNegative()
                    || limits.timeout().isZero()) {
                throw new IllegalArgumentException("offload.limits." + path.key() + ": max-concurrent and queue "
                        + "must be at least 1 and timeout positive, were " + limits.maxConcurrent() + ", "
                        + limits.queue() + ", " + limits.timeout());
            }
            guards.put(path, Guard.create()
                    .withDescription("offload-" + path.key())
                    .withBulkhead().limit(limits.maxConcurrent()).queueSize(limits.queue())
                    // Blocking endpoints wait for a slot on their own thread (a worker or a virtual thread).
                    .enableSynchronousQueueing().done()
                    .build());
        }
    }

    /**
     * The request's deadline: the path's timeout, or less if the request asks for less.
     *
     * @param header the {@code X-Timeout-Millis} header, or {@code null}
     * @throws dev.offload.error.InvalidParameterException if the header is not a whole number of
     *                                                     milliseconds between 1 and the path's timeout
     */
    public Duration deadline(OffloadPath path, String header) {
        Duration limit = config.of(path).timeout();
        return header == null ? limit
                : Duration.ofMillis(IntegerParam.parse(TIMEOUT_HEADER, header, 1, limit.toMillis()));
    }

    /**
     * For endpoints on the event loop: admits the request on {@code path}, then runs {@code work} on
     * {@code executor}, cut at {@code deadline}. Cancelling the returned Uni (Quarkus does when the client
     * disconnects) cancels the work, whether it waits or runs.
     */
    public <T> Uni<T> offload(OffloadPath path, Duration deadline, ExecutorService executor, Callable<T> work) {
        return offload(path, deadline, cancellation -> Offload.submit(executor, work, cancellation));
    }

    /**
     * As {@link #offload(OffloadPath, Duration, ExecutorService, Callable)}, for work that submits several
     * tasks: {@code work} submits each through {@link Offload#submit(ExecutorService, Callable, Offload.Cancellation)}
     * with the cancellation it is given.
     */
    public <T> Uni<T> offload(OffloadPath path, Duration deadline, Function<Offload.Cancellation, Uni<T>> work) {
        Offload.Cancellation cancellation = new Offload.Cancellation();
        // The bulkhead calls the supplier when a slot is free, maybe later and on another thread.
        Supplier<Uni<T>> admitted = () -> work.apply(cancellation);
        return guarded(path, admitted)
                // Cancelling here does not rely on the bulkhead passing cancellation on: it reaches the tasks.
                .onCancellation().invoke(cancellation::cancel)
                // ifNoItem cancels what is upstream of it, which runs the line above: the work is interrupted.
                .ifNoItem().after(deadline).failWith(() -> new DeadlineExceededException(path, deadline));
    }

    /**
     * For endpoints on a worker or virtual thread: waits for admission on this thread, then runs
     * {@code work} here. At the deadline, or when the client disconnects, this thread is interrupted.
     *
     * @param response the request's response, to hear of a client that disconnects; may be {@code null}
     */
    @SuppressWarnings("unchecked")
    public <T> T runHere(OffloadPath path, Duration deadline, HttpServerResponse response, Callable<T> work)
            throws Exception {
        Interrupter interrupter = new Interrupter(Thread.currentThread());
        ScheduledFuture<?> timer = deadlines.schedule(() -> interrupter.interrupt(Cause.DEADLINE),
                deadline.toNanos(), TimeUnit.NANOSECONDS);
        if (response != null) {
            response.closeHandler(closed -> interrupter.interrupt(Cause.DISCONNECT));
        }
        try {
            return (T) guards.get(path).call((Callable<Object>) work, Object.class);
        } catch (Exception e) {
            // Whatever the interrupt surfaced as (the task's CancellationException, or the bulkhead's own
            // failure while the request still waited for a slot), past the deadline the answer is a 504.
            if (interrupter.cause() == Cause.DEADLINE) {
                throw new DeadlineExceededException(path, deadline);
            }
            throw e;
        } finally {
            timer.cancel(false);
            if (interrupter.finish() != null) {
                // The interrupt was ours, to stop this request's work: the thread goes back to its pool clean.
                Thread.interrupted();
            }
        }
    }

    /** Why a request's thread was interrupted. */
    private enum Cause { DEADLINE, DISCONNECT }

    /** Interrupts a request's thread, once, only while its work runs, and remembers why. */
    private static final class Interrupter {
        private final Thread worker;
        private boolean running = true;
        private Cause cause;

        Interrupter(Thread worker) {
            this.worker = worker;
        }

        synchronized void interrupt(Cause why) {
            if (running && cause == null) {
                cause = why;
                worker.interrupt();
            }
        }

        synchronized Cause cause() {
            return cause;
        }

        /** Stops further interrupts; returns why this thread was interrupted, or null. */
        synchronized Cause finish() {
            running = false;
            return cause;
        }
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<T> guarded(OffloadPath path, Supplier<Uni<T>> work) {
        return guards.get(path).get((Supplier<Uni>) (Supplier<?>) work, Uni.class);
    }

    /** The {@code Retry-After} to send with a 503. */
    public Duration retryAfter() {
        return config.retryAfter();
    }

    @PreDestroy
    void stop() {
        deadlines.shutdownNow();
    }
}
