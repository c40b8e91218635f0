package dev.offload.seed;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.door.Door;
import dev.offload.door.Hop;
import dev.offload.door.Lane;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/** Seed 000, method 1: {@code await asyncio.to_thread(sync_task, "World")} inside an {@code async def}. */
@Tag(name = "seed 000")
@Path("/async-call")
@Produces(MediaType.APPLICATION_JSON)
public class ToThreadResource {

    private final SyncTask syncTask;
    private final Door door;

    ToThreadResource(SyncTask syncTask, Door door) {
        this.syncTask = syncTask;
        this.door = door;
    }

    @GET
    @NonBlocking
    @Operation(summary = "Method 1, asyncio.to_thread", description = "Runs on the event loop and hands the blocking syncTask to the worker pool.", extensions = @Extension(name = Lane.EXTENSION, value = Lane.Keys.TO_THREAD))
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the threads that ran the endpoint and the task")
    public Uni<GreetingReply> asyncCall() {
        RanOn endpoint = RanOn.here();
        // We are on the event loop, which serves every other request too, and syncTask sleeps. So the call moves
        // to the Quarkus worker pool (Mutiny's runSubscriptionOn), the event loop returns at once, and the
        // response is written when the Uni completes: asyncio.to_thread. The door admitted this request before
        // the method ran, and stops the task at the request's deadline or when its client hangs up.
        return door.offload(Hop.WORKER, () -> new GreetingReply(syncTask.greet("World"), endpoint, RanOn.here()));
    }
}
