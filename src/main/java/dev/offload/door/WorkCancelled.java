package dev.offload.door;

import dev.offload.error.HttpProblem;

/** A request's work was stopped before it finished because its client hung up: nobody reads this answer. */
public final class WorkCancelled extends HttpProblem {

    WorkCancelled(String lane, String why) {
        super(503, "Service Unavailable", "the " + lane + " work was cancelled before it finished: " + why, null);
    }
}
