package dev.offload.door;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.UnaryOperator;

/**
 * Every lane's gate, built once at start-up from {@link LanesConfig} (so a bad configuration stops the start), and
 * the one timer thread that fires their deadlines.
 */
@Startup
@Singleton
public class Lanes {

    private final LanesConfig config;
    private final Map<Lane, Gate> gates = new EnumMap<>(Lane.class);
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("offload-deadlines").daemon(true).factory());

    Lanes(LanesConfig config, MeterRegistry registry) {
        this.config = config;
        // A request that finishes in time cancels its timer: take it out of the queue then, not when it would fire.
        deadlines.setRemoveOnCancelPolicy(true);
        for (Lane lane : Lane.values()) {
            LanesConfig.LaneConfig limits = config.of(lane);
            if (limits.maxConcurrent() < 1 || limits.minConcurrent() < 1 || limits.queue() < 0
                    || !limits.timeout().isPositive()) {
                throw new IllegalArgumentException("offload.lanes." + lane.key() + ": max-concurrent and "
                        + "min-concurrent must be at least 1, queue at least 0 and timeout positive, were "
                        + limits.maxConcurrent() + ", " + limits.minConcurrent() + ", " + limits.queue() + ", "
                        + limits.timeout());
            }
            gates.put(lane, new Gate(lane, limits, registry));
        }
    }

    /**
     * A ticket for a request that arrives now on {@code lane}, its deadline taken from its headers.
     *
     * @throws dev.offload.error.InvalidParameterException naming a malformed deadline header
     */
    Ticket ticket(Lane lane, UnaryOperator<String> header) {
        Deadline deadline = Deadline.fromHeaders(config.of(lane).timeout(), header);
        return new Ticket(gates.get(lane), deadline, config.retryAfter());
    }

    /** Asks for the ticket's slot now; see {@link Ticket#admit}. */
    CompletableFuture<Void> admit(Ticket ticket) {
        return ticket.admit(deadlines);
    }

    /** One lane's gate, to read its counts. */
    Gate gate(Lane lane) {
        return gates.get(lane);
    }

    @PreDestroy
    void stop() {
        deadlines.shutdownNow();
    }
}
