package dev.offload.seed;

import java.time.Duration;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.error.IntegerParam;
import io.smallrye.common.annotation.NonBlocking;

/**
 * A runtime switch for syncTask's delay, so a benchmark can make the blocking work slower mid-run and watch an
 * adaptive limit follow. Absent (404) unless {@code offload.sync-task.delay-switch=true}.
 */
@Tag(name = "observe")
@Path("/sync-task/delay")
@Produces(MediaType.APPLICATION_JSON)
public class DelaySwitchResource {

    /** The longest delay the switch accepts, in milliseconds. */
    static final long MAX_MILLIS = 60_000;

    private final SyncTask syncTask;
    private final SyncTaskConfig config;

    DelaySwitchResource(SyncTask syncTask, SyncTaskConfig config) {
        this.syncTask = syncTask;
        this.config = config;
    }

    /** @param delayMillis syncTask's delay from now on */
    public record Delay(long delayMillis) {
    }

    @PUT
    @NonBlocking
    @Operation(summary = "SWITCH: change syncTask's delay while the service runs (off by default: 404)")
    @APIResponse(responseCode = "200", description = "The delay syncTask uses from now on")
    @APIResponse(responseCode = "400", description = "ms is not an integer between 0 and 60000")
    @APIResponse(responseCode = "404", description = "The switch is off (the default)")
    public Delay change(
            @Parameter(description = "The new delay, in milliseconds: 0 to 60000", example = "2000") @QueryParam("ms") String ms) {
        if (!config.delaySwitch()) {
            throw new NotFoundException("the delay switch is off; set offload.sync-task.delay-switch=true");
        }
        long millis = IntegerParam.parse("ms", ms, 0, MAX_MILLIS);
        syncTask.delay(Duration.ofMillis(millis));
        return new Delay(millis);
    }
}
