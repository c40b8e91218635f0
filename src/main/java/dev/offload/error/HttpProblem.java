package dev.offload.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that is a definite answer to the client, not a bug: its status, the reason phrase, the message the
 * client reads and, for a 503, when to come back. {@link ErrorMappers} writes it as an {@link ErrorBody}.
 * Without a stack trace: these are thrown under overload, where filling one in would cost more than the answer.
 */
public class HttpProblem extends RuntimeException {

    private final int status;
    private final String reason;
    private final Duration retryAfter;

    /** @param retryAfter when to retry, for a 503; {@code null} for none */
    public HttpProblem(int status, String reason, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The {@code Retry-After} header's value: whole seconds, rounded up, at least 1. */
    public static long retryAfterSeconds(Duration retryAfter) {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** The body clients get. */
    public ErrorBody body() {
        return ErrorBody.of(status, reason, getMessage());
    }
}
