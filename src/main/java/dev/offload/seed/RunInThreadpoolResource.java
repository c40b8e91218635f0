package dev.offload.seed;

import java.util.concurrent.CompletableFuture;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.context.ContextVar;
import dev.offload.context.RequestId;
import dev.offload.door.Door;
import dev.offload.door.Lane;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * Seed 000, method 3: {@code await run_in_threadpool(sync_task, "Starlette")}, whose point is that the worker runs
 * in a copy of the caller's contextvars.
 */
@Tag(name = "seed 000")
@Path("/method3")
@Produces(MediaType.APPLICATION_JSON)
public class RunInThreadpoolResource {

    private final SyncTask syncTask;
    private final ManagedExecutor managedExecutor;
    private final Door door;

    RunInThreadpoolResource(SyncTask syncTask, ManagedExecutor managedExecutor, Door door) {
        this.syncTask = syncTask;
        this.managedExecutor = managedExecutor;
        this.door = door;
    }

    /**
     * @param message what {@code syncTask} returned
     * @param requestId the request id as read inside the worker, through the propagated {@link ContextVar}
     * @param endpoint the thread that ran the endpoint method
     * @param work the thread that ran {@code syncTask}
     */
    public record RunInThreadpoolReply(String message, String requestId, RanOn endpoint, RanOn work) {
    }

    @GET
    @NonBlocking
    @Lane("run-in-threadpool")
    @Operation(summary = "Method 3, run_in_threadpool with contextvars", description = "Sets the request id in a ContextVar and runs syncTask on the ManagedExecutor, which carries it.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, the request id as the worker saw it, and the threads")
    @APIResponse(responseCode = "400", description = "X-Request-Id is not 1 to 128 letters, digits or . _ : -")
    public Uni<RunInThreadpoolReply> method3(
            @Parameter(description = "The request's id; a UUID is generated when absent", example = "demo-1") @HeaderParam(RequestId.HEADER) String requestId) {
        String id = RequestId.fromHeaderOrNew(requestId);
        RanOn endpoint = RanOn.here();
        ContextVar.Token<String> token = RequestId.VAR.set(id);
        try {
            // syncTask sleeps, so it leaves the event loop for the injected ManagedExecutor, and the worker runs
            // with a copy of this thread's context, our ContextVar among it (ContextVarProvider): Starlette's
            // run_in_threadpool. The ManagedExecutor takes the copy here, when the task is submitted; the finally
            // then takes the value off this event-loop thread, which serves other requests next.
            CompletableFuture<RunInThreadpoolReply> reply = CompletableFuture.supplyAsync(
                    () -> new RunInThreadpoolReply(syncTask.greet("Starlette"), RequestId.VAR.get(), endpoint,
                            RanOn.here()),
                    // guard makes the task the request's own: interrupted at its deadline or when its client hangs up.
                    door.guard(managedExecutor));
            return Uni.createFrom().completionStage(reply).plug(door::bounded);
        } finally {
            RequestId.VAR.reset(token);
        }
    }
}
