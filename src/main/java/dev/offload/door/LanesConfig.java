package dev.offload.door;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Each lane's limit, queue and deadline: anyio's {@code CapacityLimiter}, plus what FastAPI's threadpool lacks (a
 * queue with an end, a deadline that stops the work, and a limit that can follow latency). The defaults of each lane
 * are in {@code application.properties}; a lane without its own entries fails the start.
 */
@ConfigMapping(prefix = "offload.lanes")
public interface LanesConfig {

    /** {@code GET /async-call}. */
    LaneConfig toThread();

    /** {@code GET /sync-route}. */
    LaneConfig syncRoute();

    /** {@code GET /sync-route/virtual}. */
    LaneConfig virtualThread();

    /** {@code GET /method3}. */
    LaneConfig runInThreadpool();

    /** {@code GET /cpu-bound-task}. */
    LaneConfig cpuPool();

    /** {@code GET /calc/{x}}. */
    LaneConfig calc();

    /** {@code GET} and {@code POST /compute/{x}}. */
    LaneConfig compute();

    /** {@code /context/*}. */
    LaneConfig context();

    /** The {@code Retry-After} of a 503 when a lane is full. Default {@code 1s}. */
    @WithDefault("1s")
    Duration retryAfter();

    /** What else the door does to a client it turns away, so that one retrying at once costs little. */
    Shed shed();

    interface Shed {
        /**
         * Stop reading the client's HTTP/1.1 connection for {@link #retryAfter()} after its 503 is sent: a client that
         * ignores {@code Retry-After} and retries at once waits anyway, and costs nothing meanwhile. Default
         * {@code true} (the benchmark's storm phase measures both ways).
         */
        @WithDefault("true")
        boolean pauseReads();

        /**
         * Close the connection after the 503 instead ({@code Connection: close}): the client must connect again to
         * retry. Default {@code false}: a new connection costs more than a paused one.
         */
        @WithDefault("false")
        boolean closeConnection();

        /**
         * Answer the 503 of a full lane before routing, in a Vert.x route ahead of Quarkus REST: the same status,
         * headers and body, from a body written once at start-up, without matching the resource, running its filters
         * or serializing an error. Default {@code true} (the benchmark's storm phase measures both ways). A request
         * this misses (a lane with a free slot, a deadline header to check, the service draining) goes on to the
         * door's filter, which decides as always.
         */
        @WithDefault("true")
        boolean beforeRouting();

        /**
         * Give a span to a request turned away before routing. Quarkus' OpenTelemetry tracer opens a span for every
         * request as it arrives, before any route or sampler sees it, and in a retry storm that costs about as much as
         * the 503 itself. {@code false} takes {@link #beforeRouting()}'s decision in the tracer instead, as the request
         * arrives: a request turned away gets no span (its 503 is still counted in {@code http.server.requests}, unless
         * {@link #timed()} is {@code false}, and in {@code offload.lane.rejected.before.routing}); every other request
         * keeps its span. Default {@code true}.
         */
        @WithDefault("true")
        boolean traced();

        /**
         * Time a request turned away before routing in {@code http.server.requests}. Quarkus' Micrometer binder starts
         * a timer for every request as it arrives and records it, with its tags, as the response ends (a fifth to a
         * quarter of a shed 503's CPU in storms by hand; the benchmark did not show the saving, see docs/door.md).
         * {@code false} takes {@link #beforeRouting()}'s decision in Vert.x's metrics instead, as the request arrives
         * (before the tracer): a request turned away is left out of {@code http.server.requests} and
         * {@code http.server.active.requests} and is still counted in {@code offload.lane.rejected} and
         * {@code offload.lane.rejected.before.routing}; every other request is timed as before. Default
         * {@code true}.
         */
        @WithDefault("true")
        boolean timed();
    }

    default LaneConfig of(Lane lane) {
        return switch (lane) {
            case TO_THREAD -> toThread();
            case SYNC_ROUTE -> syncRoute();
            case VIRTUAL_THREAD -> virtualThread();
            case RUN_IN_THREADPOOL -> runInThreadpool();
            case CPU_POOL -> cpuPool();
            case CALC -> calc();
            case COMPUTE -> compute();
            case CONTEXT -> context();
        };
    }

    /** One lane's limits. */
    interface LaneConfig {

        /**
         * How many requests may run their work at once: the limit itself for {@code fixed}, the ceiling for an
         * adaptive limit.
         */
        int maxConcurrent();

        /** How many more may wait for a slot; beyond that a request gets a 503 at once. */
        int queue();

        /**
         * How long a request may take, waiting for a slot included; past it the client gets a 504 and the work
         * is interrupted. A request may ask for less ({@link Deadline}).
         */
        Duration timeout();

        /**
         * How the limit is set: {@code fixed} at {@link #maxConcurrent()}, or adaptive between
         * {@link #minConcurrent()} and {@link #maxConcurrent()}, following the latency the lane measures:
         * {@code aimd}, {@code gradient2} or {@code vegas} (Netflix's concurrency-limits). Default {@code fixed}.
         */
        @WithDefault("fixed")
        LimitAlgorithm limit();

        /** The floor of an adaptive limit. Default {@code 1}. */
        @WithDefault("1")
        int minConcurrent();
    }

    /** The ways a lane's limit is set. */
    enum LimitAlgorithm {
        FIXED,
        AIMD,
        GRADIENT2,
        VEGAS
    }
}
