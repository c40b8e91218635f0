package dev.offload.calc;

import java.math.BigInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.door.Door;
import dev.offload.door.Lane;
import dev.offload.error.IntegerParam;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * Seed 003, scheme 3: one path, two HTTP methods, one core function. GET is the blocking implementation on a worker
 * thread, POST the non-blocking one on the event loop; both compute with {@link SquarePlus}, through the same lane.
 */
@Tag(name = "seed 003")
@Path("/compute/{x}")
@Produces(MediaType.APPLICATION_JSON)
public class ComputeResource {

    private final AsyncCalc async;
    private final Door door;

    ComputeResource(AsyncCalc async, Door door) {
        this.async = async;
        this.door = door;
    }

    /**
     * @param result {@code x*x + x}, exact
     * @param endpoint the thread that ran the endpoint method
     * @param work the thread that computed the result
     */
    public record ComputeReply(BigInteger result, RanOn endpoint, RanOn work) {
    }

    /** The {@code def} twin: Quarkus runs it on a worker thread, where it may block. */
    @GET
    @Blocking
    @Lane("compute")
    @Operation(summary = "Scheme 3: the blocking twin, on a worker thread")
    @APIResponse(responseCode = "200", description = "x*x+x, exact, and the worker thread that computed it")
    @APIResponse(responseCode = "400", description = "x is not a 64-bit integer")
    public ComputeReply computeBlocking(
            @Parameter(description = "A 64-bit signed integer", example = "3037000500") @PathParam("x") String x)
            throws Exception {
        long value = parse(x);
        RanOn endpoint = RanOn.here();
        return door.run(() -> new ComputeReply(SquarePlus.of(value), endpoint, RanOn.here()));
    }

    /** The {@code async def} twin: stays on the event loop and waits without blocking it. */
    @POST
    @NonBlocking
    @Lane("compute")
    @Operation(summary = "Scheme 3: the non-blocking twin, on the event loop")
    @APIResponse(responseCode = "200", description = "x*x+x, exact, and the event-loop thread that computed it")
    @APIResponse(responseCode = "400", description = "x is not a 64-bit integer")
    public Uni<ComputeReply> computeNonBlocking(
            @Parameter(description = "A 64-bit signed integer", example = "3037000500") @PathParam("x") String x) {
        long value = parse(x);
        RanOn endpoint = RanOn.here();
        return async.calculate(value).map(done -> new ComputeReply(done.result(), endpoint, done.work()));
    }

    private static long parse(String x) {
        return IntegerParam.parse("x", x, Long.MIN_VALUE, Long.MAX_VALUE);
    }
}
