package dev.offload.door;

import java.time.Duration;

import dev.offload.error.HttpProblem;

/** A request's deadline passed, while it waited for a slot or while its work ran: a 504, the work interrupted. */
public final class DeadlineExceeded extends HttpProblem {

    DeadlineExceeded(String lane, Duration budget, boolean waited) {
        super(504, "Gateway Timeout", "the " + lane + " work did not finish within " + budget.toMillis()
                + " ms; " + (waited ? "it was still waiting for a slot" : "it was interrupted"), null);
    }

    /** The work saw it could not finish in what is left of its deadline, and did not start. */
    public DeadlineExceeded(String what, Duration needs) {
        super(504, "Gateway Timeout", what + " needs " + needs.toMillis()
                + " ms, more than is left of its deadline; it gave up without starting", null);
    }
}
