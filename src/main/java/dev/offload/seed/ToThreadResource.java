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
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

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
    @Lane("to-thread")
    @Operation(summary = "Method 1, asyncio.to_thread", description = "Runs on the event loop and hands the blocking syncTask to the worker pool.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the threads that ran the endpoint and the task")
    public Uni<GreetingReply> asyncCall() {
        RanOn endpoint = RanOn.here();
        // We are on the event loop, which serves every other request too, and syncTask sleeps. So the call moves
        // to the Quarkus worker pool: runSubscriptionOn runs the item's supplier there, the event loop returns at
        // once, and the response is written when the Uni completes. That is asyncio.to_thread.
        return Uni.createFrom().item(() -> new GreetingReply(syncTask.greet("World"), endpoint, RanOn.here()))
                // The door admitted this request before the method ran. guard makes the task the request's own
                // (interrupted at its deadline or when its client hangs up), and bounded answers 504 or 503 then.
                .runSubscriptionOn(door.guard(Infrastructure.getDefaultWorkerPool()))
                .plug(door::bounded);
    }
}
