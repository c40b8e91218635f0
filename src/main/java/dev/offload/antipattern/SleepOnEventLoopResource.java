package dev.offload.antipattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.seed.GreetingReply;
import dev.offload.seed.SyncTask;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The mistake both articles warn about, kept as a control: {@code time.sleep} inside {@code async def}.
 * syncTask runs right here, on the event loop, and every other request whose connection lives on this loop
 * waits for it. Absent (404) unless {@code offload.anti-pattern.enabled=true}, so that a benchmark can show
 * what it does to everyone else.
 */
@Tag(name = "observe")
@Path("/anti-pattern/sleep-on-event-loop")
@Produces(MediaType.APPLICATION_JSON)
public class SleepOnEventLoopResource {

    private final SyncTask syncTask;
    private final AntiPatternConfig config;

    SleepOnEventLoopResource(SyncTask syncTask, AntiPatternConfig config) {
        this.syncTask = syncTask;
        this.config = config;
    }

    @GET
    @NonBlocking
    @Operation(summary = "CONTROL: syncTask on the event loop (off by default: 404)", description = "Blocks the event loop for the syncTask delay. Switched on by offload.anti-pattern.enabled=true.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, produced on the event loop")
    @APIResponse(responseCode = "404", description = "The control is switched off (the default)")
    public GreetingReply sleepOnEventLoop() {
        if (!config.enabled()) {
            throw new NotFoundException("the anti-pattern control is off; set offload.anti-pattern.enabled=true");
        }
        RanOn here = RanOn.here();
        return new GreetingReply(syncTask.greet("Event Loop"), here, RanOn.here());
    }
}
