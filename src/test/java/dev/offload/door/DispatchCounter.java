package dev.offload.door;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.Context;

/**
 * Test-only: counts, by path, the requests Quarkus dispatched to a worker or a virtual thread. A plain request filter
 * runs where the endpoint runs, after the door's filter on the event loop: a request turned away there is never
 * counted.
 */
public class DispatchCounter {

    static final Map<String, AtomicInteger> DISPATCHED = new ConcurrentHashMap<>();

    @ServerRequestFilter(priority = 9000)
    public void count(ContainerRequestContext request) {
        if (!Context.isOnEventLoopThread()) {
            DISPATCHED.computeIfAbsent(request.getUriInfo().getPath(), path -> new AtomicInteger()).incrementAndGet();
        }
    }

    static int dispatched(String path) {
        AtomicInteger count = DISPATCHED.get(path);
        return count == null ? 0 : count.get();
    }
}
