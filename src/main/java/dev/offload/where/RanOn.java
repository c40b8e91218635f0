package dev.offload.where;

import io.vertx.core.Context;

/**
 * Where a piece of work ran. Every endpoint reports one (or several) of these, so that a test,
 * not a sentence in the README, says which thread did the work.
 *
 * @param thread the thread's name, e.g. {@code vert.x-eventloop-thread-0}, {@code executor-thread-1},
 *        {@code quarkus-virtual-thread-0}, {@code offload-cpu-1}
 * @param virtual whether it was a virtual thread
 * @param eventLoop whether it was a Vert.x event-loop thread (the thread that must never block)
 */
public record RanOn(String thread, boolean virtual, boolean eventLoop) {

    /** Describes the calling thread. */
    public static RanOn here() {
        Thread current = Thread.currentThread();
        return new RanOn(current.getName(), current.isVirtual(), Context.isOnEventLoopThread());
    }
}
