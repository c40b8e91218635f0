package dev.offload.context;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.door.Door;
import dev.offload.door.Hop;
import dev.offload.door.Lane;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;

/**
 * Which context reaches which thread. The endpoint puts the request id into four kinds of context on the event loop
 * (a {@link ContextVar}, the logging MDC, a {@code @RequestScoped} bean, a Vert.x duplicated-context local), then
 * reads all four back after each kind of thread hop the door makes, and reports what arrived where.
 */
@Tag(name = "context")
@Path("/context/matrix")
@Produces(MediaType.APPLICATION_JSON)
public class ContextMatrixResource {

    private final Door door;
    private final ContextProbe probe;

    ContextMatrixResource(Door door, ContextProbe probe) {
        this.door = door;
        this.probe = probe;
    }

    /**
     * @param requestId the id put into every kind of context before the hops
     * @param requestSpan the request's own span, {@code traceId/spanId}, as the event loop saw it
     * @param hops what each hop saw
     */
    public record Matrix(String requestId, String requestSpan, List<ContextProbe.Row> hops) {
    }

    @GET
    @NonBlocking
    @Lane("context")
    @Operation(summary = "Which context (ContextVar, MDC, request scope, Vert.x local, ScopedValue, trace) reaches which thread hop")
    @APIResponse(responseCode = "200", description = "For each hop, the thread it ran on and what each kind of context held there")
    @APIResponse(responseCode = "400", description = "X-Request-Id is not 1 to 128 letters, digits or . _ : -")
    public Uni<Matrix> matrix(
            @Parameter(description = "The id to put into every kind of context; a UUID when absent") @HeaderParam(RequestId.HEADER) String requestId) {
        String id = RequestId.fromHeaderOrNew(requestId);
        // The request scope and the Vert.x local belong to this request and end with it. The MDC, on a Vert.x
        // thread, is kept in the request's duplicated context by Quarkus, so it ends with the request too.
        probe.putInRequestContexts(id);
        // The ContextVar is a thread-local: set for the hops below, reset before this event loop moves on.
        ContextVar.Token<String> token = RequestId.VAR.set(id);
        String requestSpan = ContextProbe.currentSpan();
        try {
            // The ScopedValue is bound for this call only: the hops are submitted inside it, and none rebinds it.
            return ScopedValue.where(RequestId.SCOPED, id).call(() -> {
                ContextProbe.Row eventLoop = probe.probe("event loop");
                return door.fanOut(tasks -> {
                    List<Uni<ContextProbe.Row>> rows = new ArrayList<>();
                    rows.add(Uni.createFrom().item(eventLoop));
                    // Each hop captures what it carries now, on this thread, when the door submits to it.
                    for (Hop hop : Hop.values()) {
                        rows.add(tasks.on(hop, () -> probe.probe(hop.label())));
                    }
                    return Uni.join().all(rows).andFailFast().map(seen -> new Matrix(id, requestSpan, seen));
                });
            });
        } finally {
            RequestId.VAR.reset(token);
        }
    }

    /**
     * The {@code @Blocking} rows: Quarkus itself moves this request to a worker. {@link SetOnEventLoopFilter} set
     * every kind of context on the event loop before the move, where a user would (a filter), and probed there.
     */
    @GET
    @Path("/blocking")
    @Blocking
    @SetOnEventLoop
    @Lane("context")
    @Operation(summary = "The @Blocking rows of the context matrix: what reaches the worker Quarkus dispatches to")
    @APIResponse(responseCode = "200", description = "The filter on the event loop and the worker: what each kind of context held there")
    @APIResponse(responseCode = "400", description = "X-Request-Id is not 1 to 128 letters, digits or . _ : -")
    public Matrix blocking(
            @Parameter(description = "The id to put into every kind of context; a UUID when absent") @HeaderParam(RequestId.HEADER) String requestId)
            throws Exception {
        return door.run(() -> dispatched("@Blocking endpoint (Quarkus' worker)"));
    }

    /** The {@code @RunOnVirtualThread} rows, set up the same way as {@link #blocking}. */
    @GET
    @Path("/virtual")
    @RunOnVirtualThread
    @SetOnEventLoop
    @Lane("context")
    @Operation(summary = "The @RunOnVirtualThread rows of the context matrix")
    @APIResponse(responseCode = "200", description = "The filter on the event loop and the virtual thread: what each kind of context held there")
    @APIResponse(responseCode = "400", description = "X-Request-Id is not 1 to 128 letters, digits or . _ : -")
    public Matrix virtual(
            @Parameter(description = "The id to put into every kind of context; a UUID when absent") @HeaderParam(RequestId.HEADER) String requestId)
            throws Exception {
        return door.run(() -> dispatched("@RunOnVirtualThread endpoint"));
    }

    private Matrix dispatched(String hop) {
        ContextProbe.Row before = ContextLocals.<ContextProbe.Row> get(SetOnEventLoopFilter.ROW_KEY).orElseThrow();
        return new Matrix(probe.requestId(), before.seen().span(), List.of(before, probe.probe(hop)));
    }
}
