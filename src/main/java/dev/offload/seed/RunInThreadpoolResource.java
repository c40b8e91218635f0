package dev.offload.seed;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.context.ContextVar;
import dev.offload.context.RequestId;
import dev.offload.door.Door;
import dev.offload.door.Hop;
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
    private final Door door;

    RunInThreadpoolResource(SyncTask syncTask, Door door) {
        this.syncTask = syncTask;
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
    @Operation(summary = "Method 3, run_in_threadpool with contextvars", description = "Sets the request id in a ContextVar and runs syncTask on the ManagedExecutor, which carries it.", extensions = @Extension(name = Lane.EXTENSION, value = Lane.Keys.RUN_IN_THREADPOOL))
    @APIResponse(responseCode = "200", description = "syncTask's greeting, the request id as the worker saw it, and the threads")
    @APIResponse(responseCode = "400", description = "X-Request-Id is not 1 to 128 letters, digits or . _ : -")
    public Uni<RunInThreadpoolReply> method3(
            @Parameter(description = "The request's id; a UUID is generated when absent", example = "demo-1") @HeaderParam(RequestId.HEADER) String requestId) {
        String id = RequestId.fromHeaderOrNew(requestId);
        RanOn endpoint = RanOn.here();
        ContextVar.Token<String> token = RequestId.VAR.set(id);
        try {
            // syncTask sleeps, so it leaves the event loop for the ManagedExecutor, and the worker runs with a copy
            // of this thread's context, our ContextVar among it (ContextVarProvider): Starlette's run_in_threadpool.
            // The copy is taken once, here, when the door submits the task; the finally then takes the value off
            // this event-loop thread, which serves other requests next.
            return door.offload(Hop.MANAGED_EXECUTOR, () -> new RunInThreadpoolReply(syncTask.greet("Starlette"),
                    RequestId.VAR.get(), endpoint, RanOn.here()));
        } finally {
            RequestId.VAR.reset(token);
        }
    }
}
