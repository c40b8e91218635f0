package dev.offload.door;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithParentName;

/**
 * Each lane's limit, queue and deadline: anyio's {@code CapacityLimiter}, plus what FastAPI's threadpool lacks (a
 * queue with an end, a deadline that stops the work, and a limit that can follow latency). Lanes are named by the
 * endpoints that join them ({@link Lane}) and configured by that name, {@code offload.lanes."<name>".*}; a lane the
 * configuration does not name gets the defaults of {@link LaneConfig}.
 */
@ConfigMapping(prefix = "offload.lanes")
public interface LanesConfig {

    /** Each lane's limits, by the lane's name; a name not configured here gets every default. */
    @WithParentName
    @WithDefaults
    Map<String, LaneConfig> named();

    /** The {@code Retry-After} of a 503 when a lane is full. Default {@code 1s}. */
    @WithDefault("1s")
    Duration retryAfter();

    /** What else the door does to a client it turns away, so that one retrying at once costs little. */
    Shed shed();

    interface Shed {
        /**
         * Hold back the 503 of a client that comes back too soon: when a request arrives on an HTTP/1.1 connection
         * less than {@link #retryAfter()} after that connection's last 503, and finds its lane full again, its 503 is
         * sent only when {@code Retry-After} has passed. A client that ignores {@code Retry-After} and retries at once
         * then waits anyway, and costs a timer meanwhile; a client's first 503 leaves at once. Default {@code true}
         * (the benchmark's storm phase measures both ways).
         */
        @WithDefault("true")
        boolean tarpit();

        /**
         * Close the connection after the 503 instead ({@code Connection: close}): the client must connect again to
         * retry. Default {@code false}: a new connection costs more than a held one.
         */
        @WithDefault("false")
        boolean closeConnection();

        /**
         * Answer the 503 of a full lane before routing, in a Vert.x route ahead of Quarkus REST, one per endpoint
         * with a lane: the same status, headers and body, from a body written once at start-up, without matching the
         * resource, running its filters or serializing an error. Default {@code true} (the benchmark's storm phase
         * measures both ways). A request this lets through (a lane with a free slot, a deadline header to check, the
         * service draining) goes on to the door's filter, which decides as always.
         */
        @WithDefault("true")
        boolean beforeRouting();
    }

    /** The limits of the lane {@code name}: its own entries, or the defaults. */
    default LaneConfig of(String name) {
        return named().get(name);
    }

    /** One lane's limits. */
    interface LaneConfig {

        /**
         * How many requests may run their work at once: the limit itself for {@code fixed}, the ceiling for an
         * adaptive limit. Default {@code 64}.
         */
        @WithDefault("64")
        int maxConcurrent();

        /** How many more may wait for a slot; beyond that a request gets a 503 at once. Default {@code 64}. */
        @WithDefault("64")
        int queue();

        /**
         * How long a request may take, waiting for a slot included; past it the client gets a 504 and the work
         * is interrupted. A request may ask for less ({@link Deadline}). Default {@code 10s}.
         */
        @WithDefault("10s")
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
