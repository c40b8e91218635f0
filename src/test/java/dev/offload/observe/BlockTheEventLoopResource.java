package dev.offload.observe;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only: the mistake the service exists to prevent, {@code time.sleep} inside {@code async def}.
 * It proves that {@link EventLoopLag} catches a blocked loop, so a quiet probe means something.
 */
@Path("/test-support/block-event-loop")
public class BlockTheEventLoopResource {

    @GET
    @NonBlocking
    @Operation(hidden = true)
    public String block(@QueryParam("ms") long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "blocked the event loop for " + millis + " ms";
    }
}
