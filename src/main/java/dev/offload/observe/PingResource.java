package dev.offload.observe;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.where.RanOn;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The cheapest possible request, answered on the event loop: while other endpoints are under load, its
 * latency tells whether the loops are still free. The benchmark probes it.
 */
@Tag(name = "observe")
@Path("/ping")
@Produces(MediaType.APPLICATION_JSON)
public class PingResource {

    /** @param endpoint the thread that answered */
    public record Pong(RanOn endpoint) {
    }

    @GET
    @NonBlocking
    @Operation(summary = "The cheapest request, answered on the event loop: probe it to see whether the loops are free")
    @APIResponse(responseCode = "200", description = "The event-loop thread that answered")
    public Pong ping() {
        return new Pong(RanOn.here());
    }
}
