package dev.offload.seed;

import dev.offload.where.RanOn;

/**
 * The seed's {@code {"message": ...}} and where it was produced.
 *
 * @param message what {@code syncTask} returned
 * @param endpoint the thread that ran the endpoint method
 * @param work the thread that ran {@code syncTask}
 */
public record GreetingReply(String message, RanOn endpoint, RanOn work) {
}
