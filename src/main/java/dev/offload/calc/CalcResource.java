package dev.offload.calc;

import dev.offload.error.IntegerParam;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.math.BigInteger;

/**
 * Seed 003, schemes 1 and 2: one endpoint, the mode chosen per request ({@code ?mode=}), by header or by
 * configuration, every mode awaited the same way because every strategy returns a {@link Uni}.
 */
@Path("/calc/{x}")
@Produces(MediaType.APPLICATION_JSON)
public class CalcResource {

    private final CalcStrategies strategies;

    CalcResource(CalcStrategies strategies) {
        this.strategies = strategies;
    }

    /**
     * @param result   {@code x*x + x}, exact
     * @param strategy the strategy chosen: {@code sync}, {@code async} or {@code auto}
     * @param chosenBy who chose it: {@code query}, {@code header} or {@code config}
     * @param ranAs    what ran: {@code sync} or {@code async}
     * @param endpoint the thread that ran the endpoint method
     * @param work     the thread that computed the result
     */
    public record CalcReply(BigInteger result, String strategy, String chosenBy, String ranAs, RanOn endpoint,
            RanOn work) {
    }

    @GET
    @NonBlocking
    public Uni<CalcReply> calc(@PathParam("x") String x, @QueryParam(CalcStrategies.QUERY) String mode,
            @HeaderParam(CalcStrategies.HEADER) String headerMode) {
        RanOn endpoint = RanOn.here();
        long value = IntegerParam.parse("x", x, Long.MIN_VALUE, Long.MAX_VALUE);
        CalcStrategies.Choice choice = strategies.choose(mode, headerMode);
        return choice.strategy().calculate(value).map(done -> new CalcReply(done.result(),
                choice.strategy().mode().wireName(), choice.chosenBy(), done.ranAs().wireName(), endpoint,
                done.work()));
    }
}
