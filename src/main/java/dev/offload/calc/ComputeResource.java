package dev.offload.calc;

import dev.offload.error.IntegerParam;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.math.BigInteger;

/**
 * Seed 003, scheme 3: one path, two HTTP methods, one core function. GET is the blocking implementation on
 * a worker thread, POST the non-blocking one on the event loop; both compute with {@link SquarePlus}.
 */
@Path("/compute/{x}")
@Produces(MediaType.APPLICATION_JSON)
public class ComputeResource {

    private final AsyncCalc async;

    ComputeResource(AsyncCalc async) {
        this.async = async;
    }

    /**
     * @param result   {@code x*x + x}, exact
     * @param endpoint the thread that ran the endpoint method
     * @param work     the thread that computed the result
     */
    public record ComputeReply(BigInteger result, RanOn endpoint, RanOn work) {
    }

    /** The {@code def} twin: Quarkus runs it on a worker thread, where it may block. */
    @GET
    @Blocking
    public ComputeReply computeBlocking(@PathParam("x") String x) {
        RanOn here = RanOn.here();
        return new ComputeReply(SquarePlus.of(parse(x)), here, RanOn.here());
    }

    /** The {@code async def} twin: stays on the event loop and waits without blocking it. */
    @POST
    @NonBlocking
    public Uni<ComputeReply> computeNonBlocking(@PathParam("x") String x) {
        RanOn endpoint = RanOn.here();
        return async.calculate(parse(x)).map(done -> new ComputeReply(done.result(), endpoint, done.work()));
    }

    private static long parse(String x) {
        return IntegerParam.parse("x", x, Long.MIN_VALUE, Long.MAX_VALUE);
    }
}
