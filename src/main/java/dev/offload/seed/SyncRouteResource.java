package dev.offload.seed;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Seed 000, method 2: a plain {@code def} route, which FastAPI runs in its threadpool.
 * In Quarkus the endpoint itself declares that it blocks, and Quarkus dispatches it off the event loop.
 */
@Tag(name = "seed 000: sync code from async endpoints")
@Path("/sync-route")
@Produces(MediaType.APPLICATION_JSON)
public class SyncRouteResource {

    private final SyncTask syncTask;

    SyncRouteResource(SyncTask syncTask) {
        this.syncTask = syncTask;
    }

    /** Runs on a platform thread of the Quarkus worker pool ({@code executor-thread-N}). */
    @GET
    @Blocking
    @Operation(summary = "Method 2, a sync route", description = "A @Blocking endpoint: Quarkus runs it on a worker thread.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the worker thread that ran it")
    public GreetingReply syncRoute() {
        RanOn here = RanOn.here();
        return new GreetingReply(syncTask.greet("Sync Route"), here, RanOn.here());
    }

    /**
     * Runs on a fresh virtual thread per request ({@code quarkus-virtual-thread-N}): the sleep unmounts it
     * from its carrier, so thousands can wait at once without thousands of platform threads.
     */
    @GET
    @Path("/virtual")
    @RunOnVirtualThread
    @Operation(summary = "Method 2 on a virtual thread", description = "A @RunOnVirtualThread endpoint: a new virtual thread per request.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the virtual thread that ran it")
    public GreetingReply syncRouteOnVirtualThread() {
        RanOn here = RanOn.here();
        return new GreetingReply(syncTask.greet("Virtual Thread"), here, RanOn.here());
    }
}
