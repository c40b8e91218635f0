package dev.offload.door;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.offload.where.RanOn;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.unchecked.Unchecked;

/**
 * Test-only work through the door that ignores its budget: it sleeps however short its deadline, so only the door's
 * interrupt can stop it. Each stop is counted.
 */
@Path("/test-support/door")
public class DoorTestResource {

    static final AtomicInteger INTERRUPTED = new AtomicInteger();

    private final Door door;

    DoorTestResource(Door door) {
        this.door = door;
    }

    /** Sleeps {@code ms}, counting an interrupt; the interrupt flag stays set, as it should. */
    static String sleep(long ms) throws InterruptedException {
        try {
            Thread.sleep(ms);
            return "slept " + ms + " ms on " + RanOn.here().thread();
        } catch (InterruptedException e) {
            INTERRUPTED.incrementAndGet();
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    @GET
    @Path("/sleep")
    @Blocking
    @Lane("sync-route")
    @Operation(hidden = true)
    public String sleepOnWorker(@QueryParam("ms") long ms) throws Exception {
        return door.run(() -> sleep(ms));
    }

    @GET
    @Path("/sleep-virtual")
    @RunOnVirtualThread
    @Lane("virtual-thread")
    @Operation(hidden = true)
    public String sleepOnVirtualThread(@QueryParam("ms") long ms) throws Exception {
        return door.run(() -> sleep(ms));
    }

    @GET
    @Path("/sleep-hop")
    @NonBlocking
    @Lane("to-thread")
    @Operation(hidden = true)
    public Uni<String> sleepAfterAHop(@QueryParam("ms") long ms, @QueryParam("hop") Hop hop) {
        return door.offload(hop, () -> sleep(ms));
    }

    /** An endpoint in a lane that no configuration names: it joins by its annotation alone, with the defaults. */
    @GET
    @Path("/adopted")
    @NonBlocking
    @Lane("adopted")
    @Operation(hidden = true)
    public Uni<String> adopted() {
        return door.onEventLoop(() -> Uni.createFrom().item("adopted"));
    }

    /** The seeds' own shape: the Quarkus hop, its executor guarded by the door, its answer bounded by it. */
    @GET
    @Path("/sleep-guarded")
    @NonBlocking
    @Lane("to-thread")
    @Operation(hidden = true)
    public Uni<String> sleepGuarded(@QueryParam("ms") long ms) {
        return Uni.createFrom().item(Unchecked.supplier(() -> sleep(ms)))
                .runSubscriptionOn(door.guard(Infrastructure.getDefaultWorkerPool()))
                .plug(door::bounded);
    }

    /** What the work sees of its deadline, in milliseconds left, after a hop to a worker. */
    @GET
    @Path("/budget")
    @NonBlocking
    @Lane("to-thread")
    @Operation(hidden = true)
    public Uni<Long> budget() {
        return door.offload(Hop.WORKER, () -> Deadline.current().orElseThrow().remaining().toMillis());
    }
}
