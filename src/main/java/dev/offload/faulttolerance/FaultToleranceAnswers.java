package dev.offload.faulttolerance;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.offload.door.LanesConfig;
import dev.offload.error.ErrorBody;
import dev.offload.error.HttpProblem;
import dev.offload.where.RanOn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Fault Tolerance's own failures, answered as the door answers its: a full bulkhead is our 503 with the door's
 * {@code Retry-After} ({@code offload.lanes.retry-after}), a timeout our 504, each with an {@link ErrorBody}; without
 * these, both would be a 500. Each rejection is also counted by the thread the request held when it was turned away,
 * {@code offload.fault-tolerance.rejected{path, thread}} with {@code thread} one of {@code event-loop},
 * {@code worker}, {@code virtual}: a synchronous method's request is rejected where Quarkus dispatched it, and this
 * mapper runs on that same thread, in the same call.
 */
public class FaultToleranceAnswers {

    private final LanesConfig lanes;
    private final MeterRegistry registry;

    FaultToleranceAnswers(LanesConfig lanes, MeterRegistry registry) {
        this.lanes = lanes;
        this.registry = registry;
    }

    @ServerExceptionMapper
    public Response bulkheadFull(BulkheadException e, ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        Counter.builder("offload.fault-tolerance.rejected")
                .description("Requests a Fault Tolerance bulkhead turned away, by the kind of thread each held then")
                .tag("path", path).tag("thread", kind(RanOn.here())).register(registry).increment();
        HttpProblem full = new HttpProblem(503, "Service Unavailable", "too many requests are running or waiting in "
                + "the bulkhead of " + path + "; retry after " + HttpProblem.retryAfterSeconds(lanes.retryAfter()) + " s",
                lanes.retryAfter());
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).entity(full.body())
                .header(HttpHeaders.RETRY_AFTER, HttpProblem.retryAfterSeconds(lanes.retryAfter())).build();
    }

    @ServerExceptionMapper
    public Response timedOut(TimeoutException e, ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        HttpProblem late = new HttpProblem(504, "Gateway Timeout",
                "the " + path + " work did not finish within its Fault Tolerance timeout", null);
        return Response.status(504).type(MediaType.APPLICATION_JSON_TYPE).entity(late.body()).build();
    }

    static String kind(RanOn thread) {
        return thread.eventLoop() ? "event-loop" : thread.virtual() ? "virtual" : "worker";
    }
}
