package dev.offload.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Bounded admission and deadlines for every offload path: anyio's {@code CapacityLimiter}, plus what
 * FastAPI's threadpool lacks (a queue with an end, and a deadline that stops the work).
 * The defaults of each path are in {@code application.properties} and the README.
 */
@ConfigMapping(prefix = "offload.limits")
public interface LimitsConfig {

    /** {@code /async-call}. */
    PathLimits toThread();

    /** {@code /sync-route}. */
    PathLimits blocking();

    /** {@code /sync-route/virtual}. */
    PathLimits virtual();

    /** {@code /method3}. */
    PathLimits managedExecutor();

    /** {@code /cpu-bound-task}. */
    PathLimits cpu();

    /** The {@code Retry-After} of a 503 when a path is full. Default {@code 1s}. */
    @WithDefault("1s")
    Duration retryAfter();

    default PathLimits of(OffloadPath path) {
        return switch (path) {
            case TO_THREAD -> toThread();
            case BLOCKING -> blocking();
            case VIRTUAL -> virtual();
            case MANAGED_EXECUTOR -> managedExecutor();
            case CPU -> cpu();
        };
    }

    /** One path's limits. */
    interface PathLimits {

        /** How many requests may run their work at once. */
        int maxConcurrent();

        /** How many more may wait for a slot (at least 1); beyond that a request gets a 503 at once. */
        int queue();

        /**
         * How long a request may take, waiting in the queue included; past it the client gets a 504 and the
         * work is interrupted. A request may ask for less with the {@code X-Timeout-Millis} header.
         */
        Duration timeout();
    }
}
