package dev.offload.seed;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.door.Door;
import dev.offload.door.Lane;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.RunOnVirtualThread;

/**
 * Seed 000, method 2: a plain {@code def} route, which FastAPI runs in its threadpool. In Quarkus the endpoint
 * itself declares that it blocks, and Quarkus dispatches it off the event loop, once the door has admitted it there.
 */
@Tag(name = "seed 000")
@Path("/sync-route")
@Produces(MediaType.APPLICATION_JSON)
public class SyncRouteResource {

    private final SyncTask syncTask;
    private final Door door;

    SyncRouteResource(SyncTask syncTask, Door door) {
        this.syncTask = syncTask;
        this.door = door;
    }

    /** Runs on a platform thread of the Quarkus worker pool ({@code executor-thread-N}). */
    @GET
    @Blocking
    @Lane("sync-route")
    @Operation(summary = "Method 2, a sync route", description = "A @Blocking endpoint: Quarkus runs it on a worker thread.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the worker thread that ran it")
    public GreetingReply syncRoute() throws Exception {
        RanOn endpoint = RanOn.here();
        // Already on a worker: the task runs here, and the door interrupts this thread at the deadline.
        return door.run(() -> new GreetingReply(syncTask.greet("Sync Route"), endpoint, RanOn.here()));
    }

    /**
     * Runs on a new virtual thread per request ({@code quarkus-virtual-thread-N}): the sleep unmounts it from its
     * carrier, so thousands can wait at once without thousands of platform threads.
     */
    @GET
    @Path("/virtual")
    @RunOnVirtualThread
    @Lane("virtual-thread")
    @Operation(summary = "Method 2 on a virtual thread", description = "A @RunOnVirtualThread endpoint: a new virtual thread per request.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the virtual thread that ran it")
    public GreetingReply syncRouteOnVirtualThread() throws Exception {
        RanOn endpoint = RanOn.here();
        return door.run(() -> new GreetingReply(syncTask.greet("Virtual Thread"), endpoint, RanOn.here()));
    }
}
