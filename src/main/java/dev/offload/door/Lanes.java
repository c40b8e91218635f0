package dev.offload.door;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Every lane's gate, built once at start-up for each lane an endpoint joins ({@link LaneDeclarations}) or the
 * configuration names ({@link LanesConfig}), so a bad configuration stops the start.
 */
@Startup
@Singleton
public class Lanes {

    private final LanesConfig config;
    private final Map<String, Gate> gates = new LinkedHashMap<>();
    private final Vertx vertx;
    private final RunningWork runningWork;

    /**
     * When each HTTP/1.1 connection's last 503 left (or leaves), in {@link System#nanoTime()}, for the tarpit; one map
     * per event loop, which a connection never leaves, and weak, so a closed connection's entry goes with it.
     */
    private final ThreadLocal<Map<HttpConnection, Long>> lastShed = ThreadLocal.withInitial(WeakHashMap::new);

    Lanes(LanesConfig config, LaneDeclarations declarations, MeterRegistry registry, Vertx vertx,
            RunningWork runningWork) {
        this.config = config;
        this.vertx = vertx;
        this.runningWork = runningWork;
        Set<String> names = new LinkedHashSet<>(declarations.lanes());
        names.addAll(config.named().keySet());
        for (String lane : names) {
            LanesConfig.LaneConfig limits = config.of(lane);
            String key = "offload.lanes." + lane + ".";
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
    Ticket ticket(String lane, UnaryOperator<String> header) {
        Deadline deadline = Deadline.fromHeaders(config.of(lane).timeout(), header);
        return new Ticket(gates.get(lane), deadline, config.retryAfter(), vertx, runningWork);
    }

    /** Whether the lane would turn a request away now: see {@link Gate#fullNow}. */
    boolean fullNow(String lane) {
        return gates.get(lane).fullNow();
    }

    /** Counts a request turned away before routing, on {@link #fullNow}'s word. */
    void refused(String lane) {
        gates.get(lane).refused();
    }

    LanesConfig config() {
        return config;
    }

    /**
     * Makes a turned-away client cheap, as {@code offload.lanes.shed.*} says, and returns how long to hold its 503
     * back: 0 to send it now; or, for the tarpit, until {@code Retry-After} has passed since the last 503 of its
     * connection. With {@code close-connection}, the connection is closed after the 503. HTTP/1.1 only: an HTTP/2
     * connection carries other streams, which should not wait for this one. Called on the request's event loop.
     */
    long shed(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (request.version() == HttpVersion.HTTP_2) {
            return 0;
        }
        HttpConnection connection = request.connection();
        if (config.shed().closeConnection()) {
            routing.response().putHeader("Connection", "close");
            routing.addEndHandler(sent -> connection.close());
            return 0;
        }
        if (!config.shed().tarpit()) {
            return 0;
        }
        long now = System.nanoTime();
        Map<HttpConnection, Long> shedOnThisLoop = lastShed.get();
        Long last = shedOnThisLoop.get(connection);
        long holdNanos = last == null ? 0 : Math.max(0, last + config.retryAfter().toNanos() - now);
        shedOnThisLoop.put(connection, now + holdNanos);
        return Duration.ofNanos(holdNanos).toMillis();
    }

    /**
     * One lane's counts now.
     *
     * @param running requests holding a slot
     * @param waiting requests waiting for one
     * @param limit the concurrency limit now
     * @param rejected requests turned away with a 503 since the start
     */
    public record Counts(String lane, int running, int waiting, int limit, long rejected) {
    }

    /** Every lane's counts now. */
    public List<Counts> counts() {
        return gates.values().stream().map(gate -> new Counts(gate.lane(), gate.running(), gate.waitingNow(),
                gate.limit(), gate.rejected())).toList();
    }
}
