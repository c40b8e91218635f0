package dev.offload.calc;

import java.math.BigInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.door.Lane;
import dev.offload.error.IntegerParam;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * Seed 003, schemes 1 and 2: one endpoint, the mode chosen per request ({@code ?mode=}), by header or by
 * configuration, every mode awaited the same way because every strategy returns a {@link Uni}.
 */
@Tag(name = "seed 003")
@Path("/calc/{x}")
@Produces(MediaType.APPLICATION_JSON)
public class CalcResource {

    private final CalcStrategies strategies;

    CalcResource(CalcStrategies strategies) {
        this.strategies = strategies;
    }

    /**
     * @param result {@code x*x + x}, exact
     * @param strategy the strategy chosen: {@code sync}, {@code async} or {@code auto}
     * @param chosenBy who chose it: {@code query}, {@code header} or {@code config}
     * @param ranAs what ran: {@code sync} or {@code async}
     * @param endpoint the thread that ran the endpoint method
     * @param work the thread that computed the result
     */
    public record CalcReply(BigInteger result, String strategy, String chosenBy, String ranAs, RanOn endpoint,
            RanOn work) {
    }

    @GET
    @NonBlocking
    @Lane("calc")
    @Operation(summary = "Schemes 1 and 2: x*x+x, the mode chosen by query, header or configuration", description = "sync runs on a worker, async on the event loop after a 10 ms timer, auto takes sync below 1000.")
    @APIResponse(responseCode = "200", description = "x*x+x, exact, the strategy, who chose it, and the threads")
    @APIResponse(responseCode = "400", description = "x is not a 64-bit integer, or mode / X-Calc-Mode is not sync, async or auto")
    public Uni<CalcReply> calc(
            @Parameter(description = "A 64-bit signed integer", example = "3037000500") @PathParam("x") String x,
            @Parameter(description = "sync, async or auto; wins over the header and the configuration") @QueryParam(CalcStrategies.QUERY) String mode,
            @Parameter(description = "sync, async or auto; used when the query names no mode") @HeaderParam(CalcStrategies.HEADER) String headerMode) {
        long value = IntegerParam.parse("x", x, Long.MIN_VALUE, Long.MAX_VALUE);
        CalcStrategies.Choice choice = strategies.choose(mode, headerMode);
        RanOn endpoint = RanOn.here();
        return choice.strategy().calculate(value).map(done -> new CalcReply(done.result(),
                choice.strategy().mode().wireName(), choice.chosenBy(), done.ranAs().wireName(), endpoint,
                done.work()));
    }
}
