package dev.offload.door;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

/**
 * One lane's admission: a concurrency limit (Netflix's concurrency-limits, fixed or adaptive), and behind it a
 * bounded first-in, first-out queue. {@link #admit} decides at once, without a lock or a wait, so it runs on the event
 * loop before the request is dispatched anywhere: a slot now, a place in the queue, or no.
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

    private final String lane;
    private final SimpleLimiter<Void> limiter;
    private final int queueCapacity;
    private final Queue<Waiter> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final Counter rejected;
    private final Map<Ending, Counter> endings = new EnumMap<>(Ending.class);

    Gate(String lane, LanesConfig.LaneConfig config, MeterRegistry registry) {
        this.lane = lane;
        this.queueCapacity = config.queue();
        this.limiter = SimpleLimiter.newBuilder().named(lane).limit(limitOf(config)).build();
        String tag = lane;
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

    String lane() {
        return lane;
    }

    /**
     * Decides now, without a lock or a wait, since it runs on the event loop: a slot if one is free and nobody waits,
     * else a place in the queue if one is left, else no.
     */
    Decision admit(Waiter waiter) {
        if (waiting.isEmpty()) {
            Limiter.Listener listener = limiter.acquire(null).orElse(null);
            if (listener != null) {
                waiter.enter(new Slot(listener));
                return Decision.ADMITTED;
            }
        }
        if (waitingCount.incrementAndGet() > queueCapacity) {
            waitingCount.decrementAndGet();
            rejected.increment();
            return Decision.FULL;
        }
        waiting.add(waiter);
        // A slot may have come free between the failed acquire above and joining the queue: nobody else would see it.
        drain();
        return Decision.QUEUED;
    }

    /**
     * Whether {@link #admit} would say {@link Decision#FULL} now: every slot taken and every place in the queue. A
     * look, not a decision: a slot may come free the next moment, as it may after a decision.
     */
    boolean fullNow() {
        return waitingCount.get() >= queueCapacity && limiter.getInflight() >= limiter.getLimit();
    }

    /** Counts a request turned away on {@link #fullNow}'s word, before it reached {@link #admit}. */
    void refused() {
        rejected.increment();
    }

    /** Takes a waiter out of the queue; false if it is not there (it got its slot, or never waited). */
    boolean leave(Waiter waiter) {
        if (waiting.remove(waiter)) {
            waitingCount.decrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * Counts how a request ended and gives its slot back, if it had one, telling the limit what it learnt: a latency
     * sample, a drop, or nothing.
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

    /** Hands free slots to the waiters, oldest first. Called by whoever may have freed one or joined the queue. */
    private void drain() {
        while (!waiting.isEmpty()) {
            Limiter.Listener listener = limiter.acquire(null).orElse(null);
            if (listener == null) {
                return;
            }
            Waiter next = waiting.poll();
            if (next == null) {
                // Another thread took the last waiter meanwhile: the slot goes back, unused.
                listener.onIgnore();
                return;
            }
            waitingCount.decrementAndGet();
            next.enter(new Slot(listener));
        }
    }

    int running() {
        return limiter.getInflight();
    }

    int waitingNow() {
        return waitingCount.get();
    }

    int limit() {
        return limiter.getLimit();
    }

    long rejected() {
        return (long) rejected.count();
    }
}
