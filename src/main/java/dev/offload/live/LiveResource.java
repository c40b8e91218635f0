package dev.offload.live;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.error.IntegerParam;
import dev.offload.error.InvalidParameterException;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * What the live page ({@code /}, in {@code META-INF/resources}) polls, and the load it starts. Both run on the event
 * loop: reading the state waits for nothing, and a load is handed to a verticle of its own.
 */
@Tag(name = "observe")
@Path("/live")
@Produces(MediaType.APPLICATION_JSON)
public class LiveResource {

    private final StateReader state;
    private final Strategies strategies;
    private final LoadGenerator loads;
    private final LiveConfig config;

    LiveResource(StateReader state, Strategies strategies, LoadGenerator loads, LiveConfig config) {
        this.state = state;
        this.strategies = strategies;
        this.loads = loads;
        this.config = config;
    }

    @GET
    @Path("/state")
    @NonBlocking
    @Operation(summary = "What the live page shows: each event loop's lag and pending tasks, each lane's counts, the "
            + "latest blocking calls and stuck work, and the load")
    @APIResponse(responseCode = "200", description = "The state now, and the event-loop thread that read it")
    public LiveState state() {
        return state.read();
    }

    @POST
    @Path("/load")
    @NonBlocking
    @Operation(summary = "Start a short load on one strategy, bounded in concurrency, time and count (off by "
            + "default: 404)", description = "Sends the strategy's request from the service to itself, over loopback, "
                    + "with a non-blocking client, and answers as soon as the load runs. Switched on by "
                    + "offload.live.load.enabled=true (on in dev and test). One load at a time.")
    @APIResponse(responseCode = "200", description = "The load, as it starts")
    @APIResponse(responseCode = "400", description = "strategy is not one of the available strategies, or "
            + "concurrency, seconds or requests is not an integer from 1 to its bound")
    @APIResponse(responseCode = "404", description = "Loads are switched off (the default outside dev and test)")
    @APIResponse(responseCode = "409", description = "A load is already running: one runs at a time")
    public Uni<LoadReport> load(
            @Parameter(description = "The id of an operation behind the door in the OpenAPI document, or of the "
                    + "anti-pattern control when it is on; GET /live/state lists them", example = "syncRoute") @QueryParam("strategy") String strategy,
            @Parameter(description = "Requests in flight at once: 1 to offload.live.load.max-concurrency", example = "8") @QueryParam("concurrency") String concurrency,
            @Parameter(description = "How long the load runs: 1 to offload.live.load.max-seconds", example = "5") @QueryParam("seconds") String seconds,
            @Parameter(description = "How many requests it sends at most: 1 to offload.live.load.max-requests", example = "1000") @QueryParam("requests") String requests,
            @Context HttpServerRequest request) {
        LiveConfig.Load bounds = config.load();
        if (!bounds.enabled()) {
            throw new NotFoundException("loads are switched off; set offload.live.load.enabled=true");
        }
        Strategies.Strategy target = strategies.named(strategy).orElseThrow(() -> new InvalidParameterException(
                "strategy", strategy, "must be one of " + Strategies.ids(strategies.available())));
        int inFlight = (int) IntegerParam.parse("concurrency", concurrency, 1, bounds.maxConcurrency());
        int forSeconds = (int) IntegerParam.parse("seconds", seconds, 1, bounds.maxSeconds());
        int atMost = (int) IntegerParam.parse("requests", requests, 1, bounds.maxRequests());
        // The service's own address, as this request reached it: the load goes there, over loopback when the page is
        // opened on localhost.
        return loads.start(target, inFlight, forSeconds, atMost, request.localAddress());
    }
}
