package dev.offload.peer;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The seed's syncTask, with nothing in front of it but quarkus-load-shedding, which guards every route of this
 * application (its own configuration: application.properties). No lane, no deadline, no Retry-After: what the
 * extension does on its own is what the benchmark measures.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class SyncTaskResource {

    private volatile Duration delay;
    private final boolean delaySwitch;

    SyncTaskResource(SyncTaskConfig config) {
        this.delay = config.delay();
        this.delaySwitch = config.delaySwitch();
    }

    /** Runs on a worker thread ({@code executor-thread-N}) and blocks it for the delay, as the seed's syncTask. */
    @GET
    @Path("sync-task")
    @Blocking
    public String syncTask() throws InterruptedException {
        Thread.sleep(delay);
        return "{\"message\":\"Hello Sync Route, sync task done!\"}";
    }

    /** The benchmark's switch for a task made slow mid-run, as the main service's {@code PUT /sync-task/delay}. */
    @PUT
    @Path("sync-task/delay")
    @NonBlocking
    public String changeDelay(@QueryParam("ms") long ms) {
        if (!delaySwitch) {
            throw new NotFoundException();
        }
        delay = Duration.ofMillis(ms);
        return "{\"delayMillis\":" + ms + "}";
    }

    /** The benchmark's probe, answered on the event loop, as the main service's {@code GET /ping}. */
    @GET
    @Path("ping")
    @NonBlocking
    public String ping() {
        return "{}";
    }
}
