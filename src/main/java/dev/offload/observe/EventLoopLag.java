package dev.offload.observe;

import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how late each Vert.x event loop runs a task scheduled on it. A loop that is free runs the probe
 * within a millisecond of its due time; a loop that something blocks runs it only once the blocking is over,
 * so the lateness is how long the loop was held. This is the proof behind "nothing blocks the event loop".
 */
@Startup
@Singleton
public class EventLoopLag {

    private final long intervalNanos;
    private final AtomicLong maxLagNanos = new AtomicLong();
    private volatile boolean running = true;

    EventLoopLag(Vertx vertx, ObserveConfig config) {
        this.intervalNanos = config.lagProbeInterval().toNanos();
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            probe(loop);
        }
    }

    /** The largest lateness seen on any event loop since the last {@link #reset()} (or the start). */
    public Duration maxSinceReset() {
        return Duration.ofNanos(maxLagNanos.get());
    }

    /** Starts a new measuring window. */
    public void reset() {
        maxLagNanos.set(0);
    }

    private void probe(EventExecutor loop) {
        long due = System.nanoTime() + intervalNanos;
        loop.schedule(() -> {
            long lag = Math.max(0, System.nanoTime() - due);
            maxLagNanos.accumulateAndGet(lag, Math::max);
            if (running) {
                probe(loop);
            }
        }, intervalNanos, TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void stop() {
        running = false;
    }
}
