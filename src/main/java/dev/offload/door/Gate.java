package dev.offload.door;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One lane's admission: a concurrency limit (Netflix's concurrency-limits, fixed or adaptive), and behind it a
 * bounded first-in, first-out queue. {@link #admit} decides at once, without blocking, so it runs on the event loop
 * before the request is dispatched anywhere: a slot now, a place in the queue, or no.
 */
final class Gate {

    /** What {@link #admit} decided. */
    enum Decision {
        /** The waiter got its slot before {@code admit} returned. */
        ADMITTED,
        /** The waiter waits for a slot; it gets one through {@link Waiter#enter}, or leaves with {@link #leave}. */
        QUEUED,
        /** Every slot is taken and so is every place in the queue. */
        FULL
    }

    /** Someone waiting for a slot. */
    interface Waiter {
        /** Called once, with the slot, on whichever thread freed it. */
        void enter(Slot slot);
    }

    /** How an admitted or waiting request ended, counted by lane; the limit learns from it. */
    enum Ending {
        /** Answered in time: its latency is a sample. */
        COMPLETED,
        /** Past its deadline, waiting or running: a sign of overload. */
        DEADLINE,
        /** Stopped because its client hung up or the service is stopping: says nothing about latency. */
        CANCELLED,
        /** Its work failed (a bad input found late, a bug): says nothing about latency either. */
        FAILED
    }

    /** A slot, to be given back exactly once, through {@link #end}. */
    static final class Slot {
        private final Limiter.Listener listener;

        private Slot(Limiter.Listener listener) {
            this.listener = listener;
        }
    }

    private final Lane lane;
    private final SimpleLimiter<Void> limiter;
    private final int queueCapacity;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private final Counter rejected;
    private final Map<Ending, Counter> endings = new EnumMap<>(Ending.class);

    Gate(Lane lane, LanesConfig.LaneConfig config, MeterRegistry registry) {
        this.lane = lane;
        this.queueCapacity = config.queue();
        this.limiter = SimpleLimiter.newBuilder().named(lane.key()).limit(limitOf(config)).build();
        String tag = lane.key();
        Gauge.builder("offload.lane.running", limiter, SimpleLimiter::getInflight).tag("lane", tag)
                .description("Requests holding a slot of the lane: their work runs").register(registry);
        Gauge.builder("offload.lane.waiting", this, Gate::waitingNow).tag("lane", tag)
                .description("Requests waiting for a slot of the lane").register(registry);
        Gauge.builder("offload.lane.limit", limiter, SimpleLimiter::getLimit).tag("lane", tag)
                .description("The lane's concurrency limit now (it moves when the limit is adaptive)").register(registry);
        this.rejected = Counter.builder("offload.lane.rejected").tag("lane", tag)
                .description("Requests turned away with a 503: every slot and every place in the queue taken")
                .register(registry);
        for (Ending ending : Ending.values()) {
            endings.put(ending, Counter.builder("offload.lane.ended").tag("lane", tag)
                    .tag("ending", ending.name().toLowerCase(Locale.ROOT))
                    .description("Requests of the lane that were admitted or waited, by how they ended")
                    .register(registry));
        }
    }

    static Limit limitOf(LanesConfig.LaneConfig config) {
        int max = config.maxConcurrent();
        int min = Math.min(config.minConcurrent(), max);
        return switch (config.limit()) {
            case FIXED -> FixedLimit.of(max);
            case AIMD -> AIMDLimit.newBuilder().initialLimit(max).minLimit(min).maxLimit(max)
                    // Slower than half the lane's timeout counts as a drop.
                    .timeout(config.timeout().toNanos() / 2, TimeUnit.NANOSECONDS).build();
            case GRADIENT2 -> Gradient2Limit.newBuilder().initialLimit(max).minLimit(min).maxConcurrency(max).build();
            case VEGAS -> VegasLimit.newBuilder().initialLimit(max).maxConcurrency(max).build();
        };
    }

    Lane lane() {
        return lane;
    }

    /** Decides now. Never blocks; called on the event loop. */
    Decision admit(Waiter waiter) {
        Limiter.Listener listener;
        synchronized (this) {
            // First come, first served: while anyone waits, a newcomer waits behind them.
            listener = waiting.isEmpty() ? limiter.acquire(null).orElse(null) : null;
            if (listener == null) {
                if (waiting.size() >= queueCapacity) {
                    rejected.increment();
                    return Decision.FULL;
                }
                waiting.add(waiter);
                return Decision.QUEUED;
            }
        }
        waiter.enter(new Slot(listener));
        return Decision.ADMITTED;
    }

    /** Takes a waiter out of the queue; false if it is not there (it got its slot, or never waited). */
    synchronized boolean leave(Waiter waiter) {
        return waiting.remove(waiter);
    }

    /**
     * Counts how a request ended and gives its slot back, if it had one, telling the limit what it learnt: a
     * latency sample, a drop, or nothing.
     */
    void end(Slot slot, Ending ending) {
        endings.get(ending).increment();
        if (slot == null) {
            return;
        }
        switch (ending) {
            case COMPLETED -> slot.listener.onSuccess();
            case DEADLINE -> slot.listener.onDropped();
            case CANCELLED, FAILED -> slot.listener.onIgnore();
        }
        drain();
    }

    /** Gives back a slot that arrived too late, for a waiter that had already left; counted by its own end. */
    void giveBack(Slot slot) {
        slot.listener.onIgnore();
        drain();
    }

    /** Hands freed slots to the waiters, oldest first. */
    private void drain() {
        while (true) {
            Waiter next;
            Limiter.Listener listener;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    return;
                }
                listener = limiter.acquire(null).orElse(null);
                if (listener == null) {
                    return;
                }
                next = waiting.poll();
            }
            next.enter(new Slot(listener));
        }
    }

    int running() {
        return limiter.getInflight();
    }

    synchronized int waitingNow() {
        return waiting.size();
    }

    int limit() {
        return limiter.getLimit();
    }
}
