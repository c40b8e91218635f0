package dev.offload.seed;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.offload.limits.Admission;
import dev.offload.limits.OffloadPath;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * Seed 000, method 2: a plain {@code def} route, which FastAPI runs in its threadpool.
 * In Quarkus the endpoint itself declares that it blocks, and Quarkus dispatches it off the event loop.
 */
@Tag(name = "seed 000: sync code from async endpoints")
@Path("/sync-route")
@Produces(MediaType.APPLICATION_JSON)
public class SyncRouteResource {

    private final SyncTask syncTask;
    private final Admission admission;

    SyncRouteResource(SyncTask syncTask, Admission admission) {
        this.syncTask = syncTask;
        this.admission = admission;
    }

    /** Runs on a platform thread of the Quarkus worker pool ({@code executor-thread-N}). */
    @GET
    @Blocking
    @Operation(summary = "Method 2, a sync route", description = "A @Blocking endpoint: Quarkus runs it on a worker thread.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the worker thread that ran it")
    public GreetingReply syncRoute(@Parameter(description = "Asks for a shorter deadline than the path's, in milliseconds")
            @HeaderParam(Admission.TIMEOUT_HEADER) String timeout,
            @Context HttpServerRequest request) throws Exception {
        return greetHere(OffloadPath.BLOCKING, "Sync Route", timeout, request);
    }

    /**
     * Runs on a fresh virtual thread per request ({@code quarkus-virtual-thread-N}): the sleep unmounts it
     * from its carrier, so thousands can wait at once without thousands of platform threads.
     */
    @GET
    @Path("/virtual")
    @RunOnVirtualThread
    @Operation(summary = "Method 2 on a virtual thread", description = "A @RunOnVirtualThread endpoint: a new virtual thread per request.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the virtual thread that ran it")
    public GreetingReply syncRouteOnVirtualThread(@Parameter(description = "Asks for a shorter deadline than the path's, in milliseconds")
            @HeaderParam(Admission.TIMEOUT_HEADER) String timeout,
            @Context HttpServerRequest request) throws Exception {
        return greetHere(OffloadPath.VIRTUAL, "Virtual Thread", timeout, request);
    }

    /** Already off the event loop: syncTask runs on this thread, once admitted, until its deadline. */
    private GreetingReply greetHere(OffloadPath path, String name, String timeout, HttpServerRequest request)
            throws Exception {
        RanOn here = RanOn.here();
        Duration deadline = admission.deadline(path, timeout);
        return admission.runHere(path, deadline, request.response(),
                () -> new GreetingReply(syncTask.greet(name), here, RanOn.here()));
    }
}
