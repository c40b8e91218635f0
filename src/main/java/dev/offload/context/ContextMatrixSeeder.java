package dev.offload.context;

import io.smallrye.common.vertx.ContextLocals;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * For the matrix rows whose hop Quarkus makes itself ({@code /context/matrix/blocking} and {@code /virtual}):
 * puts the request id into the MDC, the request-scoped bean and a Vert.x local on the event loop, before
 * Quarkus moves the request to its worker or virtual thread. Pre-matching filters run on the event loop for
 * every endpoint. The {@link ContextVar} is not set here: a thread-local set on the event loop would stay
 * there, for whichever request the loop serves next.
 */
public class ContextMatrixSeeder {

    private final RequestState state;

    ContextMatrixSeeder(RequestState state) {
        this.state = state;
    }

    @ServerRequestFilter(preMatching = true)
    public void seed(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("/context/matrix/blocking") || path.equals("/context/matrix/virtual")) {
            String id = RequestId.fromHeaderOrNew(request.getHeaderString(RequestId.HEADER));
            putInRequestContexts(state, id);
        }
    }

    /**
     * Puts {@code id} into the three kinds of context that belong to the request and end with it: the
     * request-scoped bean, a Vert.x local and the MDC (which Quarkus keeps in the request's Vert.x context).
     */
    static void putInRequestContexts(RequestState state, String id) {
        state.requestId(id);
        ContextLocals.put(ContextMatrixResource.LOCAL_KEY, id);
        MDC.put(ContextMatrixResource.MDC_KEY, id);
    }
}
