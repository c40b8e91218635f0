package dev.offload.seed;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import dev.offload.error.ErrorBody;
import dev.offload.context.ContextVar;
import dev.offload.context.RequestId;
import dev.offload.limits.Admission;
import dev.offload.limits.OffloadPath;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Seed 000, method 3: {@code await run_in_threadpool(sync_task, "Starlette")}, whose point is that the
 * worker runs in a copy of the caller's contextvars.
 */
@Tag(name = "seed 000: sync code from async endpoints")
@Path("/method3")
@Produces(MediaType.APPLICATION_JSON)
public class ThreadpoolResource {

    private final SyncTask syncTask;
    private final ManagedExecutor executor;
    private final ThreadContext threadContext;
    private final Admission admission;

    ThreadpoolResource(SyncTask syncTask, ManagedExecutor executor, ThreadContext threadContext,
            Admission admission) {
        this.syncTask = syncTask;
        this.executor = executor;
        this.threadContext = threadContext;
        this.admission = admission;
    }

    /**
     * @param message   what {@code syncTask} returned
     * @param requestId the request id as read inside the worker, through the propagated {@link ContextVar}
     * @param endpoint  the thread that ran the endpoint method
     * @param work      the thread that ran {@code syncTask}
     */
    public record ThreadpoolReply(String message, String requestId, RanOn endpoint, RanOn work) {
    }

    @GET
    @NonBlocking
    @Operation(summary = "Method 3, run_in_threadpool with contextvars",
            description = "Sets the request id in a ContextVar and runs syncTask on the ManagedExecutor, which carries it.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, the request id as the worker saw it, and the threads")
    @APIResponse(responseCode = "400", description = "X-Request-Id is not 1 to 128 letters, digits or . _ : -",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Uni<ThreadpoolReply> method3(@Parameter(description = "The request's id; a UUID is generated when absent",
            example = "demo-1") @HeaderParam(RequestId.HEADER) String requestIdHeader,
            @Parameter(description = "Asks for a shorter deadline than the path's, in milliseconds")
            @HeaderParam(Admission.TIMEOUT_HEADER) String timeout) {
        RanOn endpoint = RanOn.here();
        Duration deadline = admission.deadline(OffloadPath.MANAGED_EXECUTOR, timeout);
        ContextVar.Token<String> token = RequestId.VAR.set(RequestId.fromHeaderOrNew(requestIdHeader));
        try {
            // syncTask sleeps, so it leaves the event loop for the ManagedExecutor, and the worker runs with a
            // copy of this thread's context, our ContextVar among it (ContextVarProvider): Starlette's
            // run_in_threadpool. The copy is taken here and now, by contextualCallable: a request that waits
            // for admission is submitted later, from another thread, after the finally below has taken the
            // value off this event-loop thread.
            Callable<ThreadpoolReply> work = threadContext.contextualCallable(() -> new ThreadpoolReply(
                    syncTask.greet("Starlette"), RequestId.VAR.get(), endpoint, RanOn.here()));
            return admission.offload(OffloadPath.MANAGED_EXECUTOR, deadline, executor, work);
        } finally {
            RequestId.VAR.reset(token);
        }
    }
}
