package dev.offload.seed;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.offload.limits.Admission;
import dev.offload.limits.OffloadPath;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;

/**
 * Seed 000, method 1: {@code await asyncio.to_thread(sync_task, "World")} inside an {@code async def}.
 */
@Tag(name = "seed 000: sync code from async endpoints")
@Path("/async-call")
@Produces(MediaType.APPLICATION_JSON)
public class AsyncCallResource {

    private final SyncTask syncTask;
    private final Admission admission;

    AsyncCallResource(SyncTask syncTask, Admission admission) {
        this.syncTask = syncTask;
        this.admission = admission;
    }

    @GET
    @NonBlocking
    @Operation(summary = "Method 1, asyncio.to_thread",
            description = "Runs on the event loop and hands the blocking syncTask to the worker pool.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the threads that ran the endpoint and the task")
    public Uni<GreetingReply> asyncCall(@Parameter(description = "Asks for a shorter deadline than the path's, in milliseconds")
            @HeaderParam(Admission.TIMEOUT_HEADER) String timeout) {
        RanOn endpoint = RanOn.here();
        Duration deadline = admission.deadline(OffloadPath.TO_THREAD, timeout);
        // We are on the event loop, which serves every other request too, and syncTask sleeps.
        // So the call moves to the Quarkus worker pool (Mutiny's default executor), the event loop
        // returns at once, and the response is written when the Uni completes: asyncio.to_thread.
        // Admission bounds how many run and wait, and the deadline interrupts the call if it overstays.
        return admission.offload(OffloadPath.TO_THREAD, deadline, Infrastructure.getDefaultWorkerPool(),
                () -> new GreetingReply(syncTask.greet("World"), endpoint, RanOn.here()));
    }
}
