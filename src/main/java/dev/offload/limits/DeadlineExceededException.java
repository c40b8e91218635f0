package dev.offload.limits;

import java.time.Duration;

/** A request's work did not finish within its deadline: answered with a 504, the work interrupted. */
public class DeadlineExceededException extends RuntimeException {

    public DeadlineExceededException(OffloadPath path, Duration deadline) {
        super("the " + path.key() + " work did not finish within " + deadline.toMillis()
                + " ms; it was interrupted");
    }
}
