package dev.offload.observe;

import dev.offload.where.RanOn;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The cheapest possible request, answered on the event loop: while other endpoints are under load, its
 * latency tells whether the loops are still free. The benchmark probes it.
 */
@Path("/ping")
@Produces(MediaType.APPLICATION_JSON)
public class PingResource {

    /** @param endpoint the thread that answered */
    public record Pong(RanOn endpoint) {
    }

    @GET
    @NonBlocking
    public Pong ping() {
        return new Pong(RanOn.here());
    }
}
