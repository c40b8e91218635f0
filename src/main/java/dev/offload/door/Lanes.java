package dev.offload.door;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

/** Every lane's gate, built once at start-up from {@link LanesConfig}, so a bad configuration stops the start. */
@Startup
@Singleton
public class Lanes {

    private final LanesConfig config;
    private final Map<Lane, Gate> gates = new EnumMap<>(Lane.class);
    private final Vertx vertx;
    private final RunningWork runningWork;

    Lanes(LanesConfig config, MeterRegistry registry, Vertx vertx, RunningWork runningWork) {
        this.config = config;
        this.vertx = vertx;
        this.runningWork = runningWork;
        for (Lane lane : Lane.values()) {
            LanesConfig.LaneConfig limits = config.of(lane);
            String key = "offload.lanes." + lane.key() + ".";
            atLeast(key + "max-concurrent", limits.maxConcurrent(), 1);
            atLeast(key + "min-concurrent", limits.minConcurrent(), 1);
            atLeast(key + "queue", limits.queue(), 0);
            if (!limits.timeout().isPositive()) {
                throw new IllegalArgumentException(key + "timeout must be more than zero, was " + limits.timeout());
            }
            gates.put(lane, new Gate(lane, limits, registry));
        }
    }

    private static void atLeast(String key, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(key + " must be at least " + least + ", was " + value);
        }
    }

    /**
     * A ticket for a request that arrives now on {@code lane}, its deadline taken from its headers.
     *
     * @throws dev.offload.error.InvalidParameterException naming a malformed deadline header
     */
    Ticket ticket(Lane lane, UnaryOperator<String> header) {
        Deadline deadline = Deadline.fromHeaders(config.of(lane).timeout(), header);
        return new Ticket(gates.get(lane), deadline, config.retryAfter(), vertx, runningWork);
    }

    /** Whether the lane would turn a request away now: see {@link Gate#fullNow}. */
    boolean fullNow(Lane lane) {
        return gates.get(lane).fullNow();
    }

    /** Whether any lane would turn a request away now. */
    boolean anyFullNow() {
        for (Gate gate : gates.values()) {
            if (gate.fullNow()) {
                return true;
            }
        }
        return false;
    }

    /** Counts a request turned away before routing, on {@link #fullNow}'s word. */
    void refused(Lane lane) {
        gates.get(lane).refused();
    }

    LanesConfig config() {
        return config;
    }

    /**
     * Makes a turned-away client cheap, as {@code offload.lanes.shed.*} says: its connection is closed after the 503,
     * or not read again until {@code Retry-After} has passed. HTTP/1.1 only: pausing an HTTP/2 connection would stall
     * its other streams. Vert.x 4 has no public way to pause a connection's reads; {@code ConnectionBase} is its
     * internal one (writes go on, so the 503 still leaves at once).
     */
    void shed(RoutingContext routing) {
        if (routing.request().version() == HttpVersion.HTTP_2) {
            return;
        }
        HttpConnection connection = routing.request().connection();
        if (config.shed().closeConnection()) {
            routing.response().putHeader("Connection", "close");
            routing.addEndHandler(sent -> connection.close());
        } else if (config.shed().pauseReads() && connection instanceof ConnectionBase base) {
            base.doPause();
            vertx.setTimer(Math.max(1, config.retryAfter().toMillis()), resume -> base.doResume());
        }
    }

    /**
     * One lane's counts now.
     *
     * @param running requests holding a slot
     * @param waiting requests waiting for one
     * @param limit the concurrency limit now
     * @param rejected requests turned away with a 503 since the start
     */
    public record Counts(Lane lane, int running, int waiting, int limit, long rejected) {
    }

    /** Every lane's counts now. */
    public List<Counts> counts() {
        return gates.values().stream().map(gate -> new Counts(gate.lane(), gate.running(), gate.waitingNow(),
                gate.limit(), gate.rejected())).toList();
    }
}
