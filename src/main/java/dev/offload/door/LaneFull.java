package dev.offload.door;

import java.time.Duration;

import dev.offload.error.HttpProblem;

/** A lane's slots and queue are all taken: a 503 with {@code Retry-After}, decided before any work starts. */
public final class LaneFull extends HttpProblem {

    LaneFull(String lane, Duration retryAfter) {
        super(503, "Service Unavailable", "too many requests are running or waiting on the " + lane
                + " lane; retry after " + retryAfterSeconds(retryAfter) + " s", retryAfter);
    }
}
