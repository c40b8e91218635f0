package dev.offload.context;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.common.vertx.ContextLocals;

/**
 * For the matrix rows whose hop Quarkus makes itself ({@code @Blocking}, {@code @RunOnVirtualThread}): puts the
 * request id into every kind of context on the event loop, where a user would (a filter, as Starlette's middleware
 * sets contextvars), before Quarkus moves the request to its worker or virtual thread, and records what the event
 * loop saw then. The ContextVar is a thread-local of the event loop, which serves other requests as soon as this
 * filter returns, so it is reset before the filter returns: later would be too late (two requests read in one pass
 * of the loop would reset each other's values out of order, and one would stay behind).
 */
public class SetOnEventLoopFilter {

    /** The Vert.x local that holds what the filter saw on the event loop. */
    static final String ROW_KEY = "offload.context.eventLoopRow";

    private final ContextProbe probe;

    SetOnEventLoopFilter(ContextProbe probe) {
        this.probe = probe;
    }

    // Early: Quarkus refuses a filter that runs on the event loop after one that runs on the worker (OpenTelemetry
    // adds one of those).
    @SetOnEventLoop
    @ServerRequestFilter(nonBlocking = true, priority = 20)
    public void setOnEventLoop(ContainerRequestContext request) {
        String id = RequestId.fromHeaderOrNew(request.getHeaderString(RequestId.HEADER));
        probe.putInRequestContexts(id);
        ContextVar.Token<String> token = RequestId.VAR.set(id);
        try {
            // A ScopedValue can be bound only around a call: here, around this probe; the endpoint, called later by
            // Quarkus, is outside it.
            ContextLocals.put(ROW_KEY, ScopedValue.where(RequestId.SCOPED, id)
                    .call(() -> probe.probe("event loop (a filter, before the dispatch)")));
        } finally {
            RequestId.VAR.reset(token);
        }
    }
}
