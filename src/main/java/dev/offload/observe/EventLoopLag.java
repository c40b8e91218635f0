package dev.offload.observe;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Measures how late each Vert.x event loop runs a task scheduled on it. A free loop runs the probe within a
 * millisecond of its due time; a loop that something blocks runs it only when the blocking is over, so the
 * lateness is how long the loop was held. Neither Vert.x nor Quarkus exports this, so we do:
 * <ul>
 * <li>{@code offload_event_loop_lag_seconds} (histogram, tag {@code loop}): every probe's lateness;</li>
 * <li>{@code offload_event_loop_lag_current_seconds} (gauge, tag {@code loop}): the lag right now, which
 * counts a probe that is overdue and has not run yet, so a loop blocked at this moment shows it;</li>
 * <li>{@link EventLoopHealth}: readiness DOWN while a loop's lag stays above the threshold.</li>
 * </ul>
 */
@Startup
@Singleton
public class EventLoopLag {

    private final long intervalNanos;
    private final long thresholdNanos;
    private final MeterRegistry registry;
    private final List<LoopProbe> probes = new CopyOnWriteArrayList<>();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private volatile boolean running = true;

    EventLoopLag(Vertx vertx, ObserveConfig config, MeterRegistry registry) {
        this.intervalNanos = config.lagProbeInterval().toNanos();
        this.thresholdNanos = config.lagThreshold().toNanos();
        this.registry = registry;
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            // Registered from the loop itself, to learn its thread's name for the metric's tag.
            loop.execute(() -> start(loop, Thread.currentThread().getName()));
        }
    }

    /** The largest lateness seen on any event loop since the last {@link #reset()} (or the start). */
    public Duration maxSinceReset() {
        return Duration.ofNanos(maxLagNanos.get());
    }

    /** Starts a new measuring window for {@link #maxSinceReset()}. */
    public void reset() {
        maxLagNanos.set(0);
    }

    /** Each event loop's state now, for the health check. */
    public List<LoopState> loops() {
        long now = System.nanoTime();
        return probes.stream().map(probe -> probe.state(now)).toList();
    }

    /**
     * One event loop's lag.
     *
     * @param loop the loop thread's name
     * @param lag its lag now: a probe overdue now, else the last probe's lateness
     * @param aboveFor how long the lag has stayed above the threshold without a break (zero if it is below)
     * @param probesRun how many probes have run on the loop so far
     */
    public record LoopState(String loop, Duration lag, Duration aboveFor, long probesRun) {
    }

    private void start(EventExecutor loop, String name) {
        LoopProbe probe = new LoopProbe(name, Timer.builder("offload.event-loop.lag")
                .description("How late a task scheduled on the event loop ran: the time the loop was held")
                .tag("loop", name)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
        Gauge.builder("offload.event-loop.lag.current", probe, p -> p.state(System.nanoTime()).lag().toNanos() / 1e9)
                .description("The event loop's lag now, counting a probe that is overdue and has not run yet")
                .tag("loop", name)
                .baseUnit("seconds")
                .register(registry);
        probes.add(probe);
        probe.schedule(loop);
    }

    @PreDestroy
    void stop() {
        running = false;
    }

    private final class LoopProbe {
        private final String name;
        private final Timer timer;
        private volatile long due;
        private volatile long lastLag;
        /** When the lag went above the threshold, or 0 while it is below. */
        private volatile long aboveSince;
        private final AtomicLong probesRun = new AtomicLong();

        LoopProbe(String name, Timer timer) {
            this.name = name;
            this.timer = timer;
        }

        void schedule(EventExecutor loop) {
            due = System.nanoTime() + intervalNanos;
            loop.schedule(() -> {
                long ranAt = System.nanoTime();
                long lag = Math.max(0, ranAt - due);
                record(lag);
                if (running) {
                    schedule(loop);
                }
            }, intervalNanos, TimeUnit.NANOSECONDS);
        }

        private void record(long lag) {
            lastLag = lag;
            timer.record(lag, TimeUnit.NANOSECONDS);
            maxLagNanos.accumulateAndGet(lag, Math::max);
            if (lag <= thresholdNanos) {
                aboveSince = 0;
            } else if (aboveSince == 0) {
                aboveSince = due + thresholdNanos;
            }
            probesRun.incrementAndGet();
        }

        LoopState state(long now) {
            long overdue = Math.max(0, now - due);
            long lag = overdue > 0 ? Math.max(overdue, lastLag) : lastLag;
            long since = aboveSince;
            if (since == 0 && overdue > thresholdNanos) {
                since = due + thresholdNanos;
            }
            return new LoopState(name, Duration.ofNanos(lag), Duration.ofNanos(since == 0 ? 0 : now - since),
                    probesRun.get());
        }
    }
}
