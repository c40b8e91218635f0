package dev.offload.context;

import dev.offload.cpu.CpuPool;
import dev.offload.where.RanOn;
import io.quarkus.arc.Arc;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.offload.error.ErrorBody;

/**
 * Which context reaches which thread. The endpoint puts the request id into four kinds of context on the
 * event loop (a {@link ContextVar}, the logging MDC, a {@code @RequestScoped} bean, a Vert.x duplicated-context
 * local), then reads all four back on each kind of thread hop, and reports what arrived where.
 */
@Tag(name = "context across thread hops")
@Path("/context/matrix")
@Produces(MediaType.APPLICATION_JSON)
public class ContextMatrixResource {

    /** The MDC key and the Vert.x local's key that hold the request id. */
    public static final String MDC_KEY = "requestId";
    static final String LOCAL_KEY = "offload.requestId";

    /** Each hop writes one DEBUG line here, so a test can see the MDC a log record carries on that thread. */
    static final Logger HOPS = Logger.getLogger("dev.offload.context.hops");

    private final ManagedExecutor managed;
    private final ManagedExecutor isolated;
    private final UnmanagedPool unmanaged;
    private final CpuPool cpuPool;
    private final RequestState state;

    ContextMatrixResource(ManagedExecutor managed, @Identifier(IsolatedExecutor.NAME) ManagedExecutor isolated,
            UnmanagedPool unmanaged, CpuPool cpuPool, RequestState state) {
        this.managed = managed;
        this.isolated = isolated;
        this.unmanaged = unmanaged;
        this.cpuPool = cpuPool;
        this.state = state;
    }

    /**
     * What one kind of context held on a thread: the request id if it arrived, {@code null} if it did not.
     * Anything else would be another request's id: cross-talk.
     */
    public record Seen(String contextVar, String mdc, String requestScope, String vertxLocal) {
    }

    /** One hop: where it ran, and what it saw. */
    public record Hop(String hop, RanOn ranOn, Seen seen) {
    }

    /** @param requestId the id put into every kind of context before the hops */
    public record Matrix(String requestId, List<Hop> hops) {
    }

    /**
     * The {@code @Blocking} row: Quarkus itself moves this request to a worker. The MDC, the request-scoped
     * bean and the Vert.x local were set on the event loop by {@link ContextMatrixSeeder} before the move; a
     * thread-local set there could not be (it would stay on the event loop for the next request).
     */
    @GET
    @Path("/blocking")
    @Blocking
    @Operation(summary = "The @Blocking row of the context matrix: what reaches the worker Quarkus dispatches to")
    @APIResponse(responseCode = "200", description = "The worker thread and what each kind of context held there")
    public Hop blocking() {
        return probe("@Blocking endpoint (Quarkus' worker)");
    }

    /** The {@code @RunOnVirtualThread} row, set up the same way as {@link #blocking()}. */
    @GET
    @Path("/virtual")
    @RunOnVirtualThread
    @Operation(summary = "The @RunOnVirtualThread row of the context matrix")
    @APIResponse(responseCode = "200", description = "The virtual thread and what each kind of context held there")
    public Hop virtual() {
        return probe("@RunOnVirtualThread endpoint");
    }

    @GET
    @NonBlocking
    @Operation(summary = "Which context (ContextVar, MDC, request scope, Vert.x local) reaches which thread hop")
    @APIResponse(responseCode = "200", description = "For each hop, the thread it ran on and what each kind of context held there")
    @APIResponse(responseCode = "400", description = "X-Request-Id is not 1 to 128 letters, digits or . _ : -",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Uni<Matrix> matrix(@Parameter(description = "The id to put into every kind of context; a UUID when absent")
            @HeaderParam(RequestId.HEADER) String header) {
        String id = RequestId.fromHeaderOrNew(header);
        // The request scope and the Vert.x local belong to this request and end with it. The MDC, on a Vert.x
        // thread, is kept in the request's duplicated context by Quarkus, so it ends with the request too.
        ContextMatrixSeeder.putInRequestContexts(state, id);
        // The ContextVar is a thread-local: set for the hops below, reset before this event loop moves on.
        ContextVar.Token<String> token = RequestId.VAR.set(id);
        try {
            List<Uni<Hop>> hops = List.of(
                    Uni.createFrom().item(probe("event loop")),
                    // Context captured by the ThreadContextProviders at submission.
                    from(() -> managed.supplyAsync(() -> probe("ManagedExecutor"))),
                    from(() -> isolated.supplyAsync(() -> probe("isolated ManagedExecutor (context cleared)"))),
                    // Plain executors carry nothing, like a ProcessPoolExecutor, which gets only its arguments.
                    from(() -> CompletableFuture.supplyAsync(() -> probe("unmanaged ExecutorService"),
                            unmanaged.executor())),
                    from(() -> CompletableFuture.supplyAsync(() -> probe("CPU pool"), cpuPool.executor())),
                    // Mutiny callbacks run with the context captured when the Uni was assembled (here).
                    Uni.createFrom().item(id).emitOn(unmanaged.executor()).map(x -> probe("Mutiny emitOn(unmanaged)")),
                    Uni.createFrom().item(() -> probe("Mutiny runSubscriptionOn(unmanaged)"))
                            .runSubscriptionOn(unmanaged.executor()));
            return Uni.join().all(hops).andFailFast().map(seen -> new Matrix(id, seen));
        } finally {
            RequestId.VAR.reset(token);
        }
    }

    /** Submits now, so each executor captures context while the values are set. */
    private static Uni<Hop> from(Supplier<CompletionStage<Hop>> submit) {
        return Uni.createFrom().completionStage(submit.get());
    }

    private Hop probe(String hop) {
        HOPS.debugf("context probe on %s", hop);
        return new Hop(hop, RanOn.here(), new Seen(RequestId.VAR.get(), (String) MDC.get(MDC_KEY),
                requestScoped(), vertxLocal()));
    }

    private String requestScoped() {
        try {
            return Arc.container().requestContext().isActive() ? state.requestId() : null;
        } catch (ContextNotActiveException notActive) {
            return null;
        }
    }

    private static String vertxLocal() {
        try {
            return Vertx.currentContext() == null ? null : ContextLocals.<String>get(LOCAL_KEY, null);
        } catch (UnsupportedOperationException notDuplicated) {
            return null;
        }
    }
}
