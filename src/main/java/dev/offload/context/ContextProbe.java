package dev.offload.context;

import dev.offload.where.RanOn;
import io.quarkus.arc.Arc;
import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ContextNotActiveException;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/** Puts a request id into the four kinds of context, and reads back on any thread what arrived there. */
@Startup
@Singleton
public class ContextProbe {

    /** The MDC key and the Vert.x local's key that hold the request id. */
    public static final String MDC_KEY = "requestId";
    static final String LOCAL_KEY = "offload.requestId";

    /** Each probe writes one DEBUG line here, so a test can see the MDC a log record carries on that thread. */
    static final Logger HOPS = Logger.getLogger("dev.offload.context.hops");

    private final RequestState state;

    ContextProbe(RequestState state) {
        this.state = state;
    }

    /**
     * What one kind of context held on a thread: the request id if it arrived, {@code null} if it did not. Anything
     * else would be another request's id: cross-talk.
     */
    public record Seen(@Schema(nullable = true) String contextVar, @Schema(nullable = true) String mdc,
            @Schema(nullable = true) String requestScope, @Schema(nullable = true) String vertxLocal) {
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

    /** What every kind of context holds on this thread, now. */
    Row probe(String hop) {
        HOPS.debugf("context probe on %s", hop);
        return new Row(hop, RanOn.here(), new Seen(RequestId.VAR.get(), (String) MDC.get(MDC_KEY), requestScoped(),
                vertxLocal()));
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
