package dev.offload.context;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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

    /** The Fault Tolerance rows' bulkheads: the context lane's limits, so 200 requests at once all get in. */
    static final int FAULT_TOLERANCE_LIMIT = 256;

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

    /**
     * The Fault Tolerance rows: the same set-up, then a {@code @Bulkhead} and a {@code @Timeout} in place of the door
     * (these join no lane). On a {@code @Blocking} endpoint they run where Quarkus dispatched the request.
     */
    @GET
    @Path("/fault-tolerance/bulkhead")
    @Blocking
    @SetOnEventLoop
    @Bulkhead(value = FAULT_TOLERANCE_LIMIT, waitingTaskQueue = FAULT_TOLERANCE_LIMIT)
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Operation(summary = "The Fault Tolerance @Blocking + @Bulkhead + @Timeout rows of the context matrix")
    @APIResponse(responseCode = "200", description = "The filter on the event loop and the worker: what each kind of context held there")
    @APIResponse(responseCode = "400", description = "X-Request-Id is not 1 to 128 letters, digits or . _ : -")
    @APIResponse(responseCode = "503", description = "The bulkhead is full; come back after Retry-After", headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "504", description = "The timeout passed; the worker was interrupted")
    public Matrix faultToleranceBulkhead(
            @Parameter(description = "The id to put into every kind of context; a UUID when absent") @HeaderParam(RequestId.HEADER) String requestId) {
        return dispatched("@Blocking + @Bulkhead (Fault Tolerance)");
    }

    /**
     * Called on the event loop (no {@code @NonBlocking}: Fault Tolerance would read it as "do not move me"), the body
     * moved by {@code @Asynchronous} to Quarkus' {@code ManagedExecutor}, with what that executor carries.
     */
    @GET
    @Path("/fault-tolerance/asynchronous")
    @SetOnEventLoop
    @Asynchronous
    @Bulkhead(value = FAULT_TOLERANCE_LIMIT, waitingTaskQueue = FAULT_TOLERANCE_LIMIT)
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Operation(summary = "The Fault Tolerance @Asynchronous + @Bulkhead + @Timeout rows of the context matrix")
    @APIResponse(responseCode = "200", description = "The filter on the event loop and the worker Fault Tolerance moved the body to: what each kind of context held there")
    @APIResponse(responseCode = "400", description = "X-Request-Id is not 1 to 128 letters, digits or . _ : -")
    @APIResponse(responseCode = "503", description = "Every permit and place in the bulkhead's queue is taken; come back after Retry-After", headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "504", description = "The timeout passed; the work was not interrupted")
    public CompletionStage<Matrix> faultToleranceAsynchronous(
            @Parameter(description = "The id to put into every kind of context; a UUID when absent") @HeaderParam(RequestId.HEADER) String requestId) {
        return CompletableFuture.completedFuture(dispatched("@Asynchronous + @Bulkhead (Fault Tolerance)"));
    }

    /** The Fault Tolerance rows on a virtual thread. */
    @GET
    @Path("/fault-tolerance/virtual")
    @RunOnVirtualThread
    @SetOnEventLoop
    @Bulkhead(value = FAULT_TOLERANCE_LIMIT, waitingTaskQueue = FAULT_TOLERANCE_LIMIT)
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Operation(summary = "The Fault Tolerance @RunOnVirtualThread + @Bulkhead + @Timeout rows of the context matrix")
    @APIResponse(responseCode = "200", description = "The filter on the event loop and the virtual thread: what each kind of context held there")
    @APIResponse(responseCode = "400", description = "X-Request-Id is not 1 to 128 letters, digits or . _ : -")
    @APIResponse(responseCode = "503", description = "The bulkhead is full; come back after Retry-After", headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "504", description = "The timeout passed; the virtual thread was interrupted")
    public Matrix faultToleranceVirtual(
            @Parameter(description = "The id to put into every kind of context; a UUID when absent") @HeaderParam(RequestId.HEADER) String requestId) {
        return dispatched("@RunOnVirtualThread + @Bulkhead (Fault Tolerance)");
    }

    private Matrix dispatched(String hop) {
        ContextProbe.Row before = ContextLocals.<ContextProbe.Row> get(SetOnEventLoopFilter.ROW_KEY).orElseThrow();
        return new Matrix(probe.requestId(), before.seen().span(), List.of(before, probe.probe(hop)));
    }
}
