package dev.offload.observe;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.common.annotation.NonBlocking;

/**
 * Test-only: the mistake the service exists to prevent, {@code time.sleep} inside {@code async def}, and a wait on a
 * monitor, both on the event loop. They prove that {@link EventLoopLag} and {@link BlockingCallDetector} catch a
 * blocked loop, so a quiet probe and an empty detector mean something.
 */
@Path("/test-support/block-event-loop")
public class BlockTheEventLoopResource {

    private final Object monitor = new Object();

    @GET
    @NonBlocking
    @Operation(hidden = true)
    public String block(@QueryParam("ms") long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "blocked the event loop for " + millis + " ms";
    }

    @GET
    @Path("/wait")
    @NonBlocking
    @Operation(hidden = true)
    public String waitOnAMonitor(@QueryParam("ms") long millis) throws InterruptedException {
        synchronized (monitor) {
            monitor.wait(millis);
        }
        return "waited on a monitor on the event loop for " + millis + " ms";
    }
}
