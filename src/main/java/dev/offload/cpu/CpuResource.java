package dev.offload.cpu;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.door.CpuPool;
import dev.offload.door.Door;
import dev.offload.door.Lane;
import dev.offload.error.IntegerParam;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * Seed 000, method 4: {@code await loop.run_in_executor(ProcessPoolExecutor(), cpu_intensive_calculation, 10**7)}.
 */
@Tag(name = "seed 000")
@Path("/cpu-bound-task")
@Produces(MediaType.APPLICATION_JSON)
public class CpuResource {

    private final SplitSum splitSum;
    private final CpuConfig config;
    private final CpuPool cpuPool;
    private final Door door;

    CpuResource(SplitSum splitSum, CpuConfig config, CpuPool cpuPool, Door door) {
        this.splitSum = splitSum;
        this.config = config;
        this.cpuPool = cpuPool;
        this.door = door;
    }

    /**
     * @param result {@code sum(math.isqrt(i) for i in range(n))}
     * @param n the n it was computed for
     * @param slices how many parallel slices the range was cut into
     * @param endpoint the thread that ran the endpoint method
     * @param work the CPU-pool thread that computed each slice, in the order of the slices
     */
    public record CpuReply(long result, long n, int slices, RanOn endpoint, List<RanOn> work) {
    }

    @GET
    @NonBlocking
    @Lane("cpu-pool")
    @Operation(summary = "Method 4, a pool for CPU work", description = "sum(math.isqrt(i) for i in range(n)), split over the CPU pool's threads, one per core.")
    @APIResponse(responseCode = "200", description = "The sum, and the CPU-pool threads that computed it")
    @APIResponse(responseCode = "400", description = "n is not an integer between 0 and offload.cpu.max-n")
    public Uni<CpuReply> cpuBoundTask(@Parameter(description = "How many integers to sum the square roots of: "
            + "0 to offload.cpu.max-n (10^9 by default); 10^7 when absent", example = "10000000") @QueryParam("n") String n,
            @Context UriInfo uri) {
        // "?n=" is a bad n, not an absent one: the framework hands both over as null, the URI tells them apart.
        boolean absent = n == null && !uri.getQueryParameters().containsKey("n");
        long count = absent ? config.defaultN() : IntegerParam.parse("n", n == null ? "" : n, 0, config.maxN());
        RanOn endpoint = RanOn.here();
        // Summing 10^7 square roots would hold the event loop for tens of milliseconds, and a @Blocking worker or a
        // virtual thread would compete with I/O for the same cores without any limit. So each slice moves to the
        // CPU pool, one thread per core, as loop.run_in_executor(ProcessPoolExecutor(), ...) does, and the event
        // loop only awaits the total. guard makes each slice the request's own: interrupted at its deadline.
        return splitSum.sumOfIsqrtBelow(count, slice -> Uni.createFrom().item(slice)
                .runSubscriptionOn(door.guard(cpuPool.executor())))
                .plug(door::bounded)
                .map(sum -> new CpuReply(sum.result(), count, sum.slices(), endpoint, sum.workers()));
    }
}
