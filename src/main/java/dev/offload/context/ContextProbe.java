package dev.offload.context;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.offload.where.RanOn;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.Startup;
import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.Vertx;

/**
 * Puts a request id into the kinds of context a request carries, and reads back on any thread what arrived there:
 * the id in a {@link ContextVar}, the MDC, a request-scoped bean, a Vert.x local and a {@code ScopedValue}, and the
 * request's OpenTelemetry span, as the thread's current span and in a log line's MDC. Each probe also starts and
 * ends a span of its own, which a test finds among the exported spans: its parent is whatever span was current.
 */
@Startup
@Singleton
public class ContextProbe {

    /** The MDC key and the Vert.x local's key that hold the request id. */
    public static final String MDC_KEY = "requestId";
    static final String LOCAL_KEY = "offload.requestId";

    /** Each probe writes one DEBUG line here, so a test can see the MDC a log record carries on that thread. */
    static final Logger HOPS = Logger.getLogger("dev.offload.context.hops");

    private final RequestState state;
    private final Tracer tracer;

    ContextProbe(RequestState state, Tracer tracer) {
        this.state = state;
        // Unwrapped at start-up: behind its client proxy, the tracer would be made on first use, on an event loop,
        // under a lock the other event loops wait for (the blocking-call detector caught it).
        this.tracer = ClientProxy.unwrap(tracer);
    }

    /**
     * What each kind of context held on a thread: the request's value if it arrived, {@code null} if it did not.
     * Anything else is another request's: cross-talk.
     *
     * @param contextVar the request id in {@link RequestId#VAR}
     * @param mdc the request id in the logging MDC
     * @param requestScope the request id in the {@link RequestState} bean
     * @param vertxLocal the request id in a Vert.x duplicated-context local
     * @param scopedValue the request id in {@link RequestId#SCOPED}
     * @param span the current OpenTelemetry span, as {@code traceId/spanId}: the request's span where the
     *        trace arrived, so that a span started here is its child
     * @param logSpan the trace and span ids a log line written here carries, {@code traceId/spanId} from the MDC
     */
    public record Seen(@Schema(nullable = true) String contextVar, @Schema(nullable = true) String mdc,
            @Schema(nullable = true) String requestScope, @Schema(nullable = true) String vertxLocal,
            @Schema(nullable = true) String scopedValue, @Schema(nullable = true) String span,
            @Schema(nullable = true) String logSpan) {
    }

    /** One hop: where it ran, and what it saw. */
    public record Row(String hop, RanOn ranOn, Seen seen) {
    }

    /**
     * Puts {@code id} into the three kinds of context that belong to the request and end with it: the request-scoped
     * bean, a Vert.x local and the MDC (which Quarkus keeps in the request's Vert.x context on its threads).
     */
    void putInRequestContexts(String id) {
        state.requestId(id);
        ContextLocals.put(LOCAL_KEY, id);
        MDC.put(MDC_KEY, id);
    }

    /** The request id as the request-scoped bean holds it. */
    String requestId() {
        return state.requestId();
    }

    /** What every kind of context holds on this thread, now; and a span named {@code probe <hop>}. */
    Row probe(String hop) {
        HOPS.debugf("context probe on %s", hop);
        tracer.spanBuilder("probe " + hop).startSpan().end();
        return new Row(hop, RanOn.here(), new Seen(RequestId.VAR.get(), (String) MDC.get(MDC_KEY), requestScoped(),
                vertxLocal(), RequestId.SCOPED.isBound() ? RequestId.SCOPED.get() : null, currentSpan(),
                logSpan()));
    }

    /** The span current on this thread, as {@code traceId/spanId}, or {@code null} if none is. */
    static String currentSpan() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() + "/" + span.getSpanId() : null;
    }

    private static String logSpan() {
        Object trace = MDC.get("traceId");
        Object span = MDC.get("spanId");
        return trace == null ? null : trace + "/" + span;
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
            return Vertx.currentContext() == null ? null : ContextLocals.<String> get(LOCAL_KEY, null);
        } catch (UnsupportedOperationException notDuplicated) {
            return null;
        }
    }
}
