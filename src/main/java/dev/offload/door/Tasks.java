package dev.offload.door;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import io.smallrye.mutiny.Uni;

/** What a request's work uses to run several tasks through the door, each one tracked by the request's ticket. */
public final class Tasks {

    private final Ticket ticket;
    private final Map<Hop, Consumer<Runnable>> hops;

    Tasks(Ticket ticket, Map<Hop, Consumer<Runnable>> hops) {
        this.ticket = ticket;
        this.hops = hops;
    }

    /** Runs {@code work} over {@code hop} as one more task of this request: cancelled with it, bound by its deadline. */
    public <T> Uni<T> on(Hop hop, Callable<T> work) {
        return ticket.submit(hops.get(hop), work);
    }
}
