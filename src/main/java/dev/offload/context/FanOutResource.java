package dev.offload.context;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.door.Door;
import dev.offload.door.Hop;
import dev.offload.door.Lane;
import dev.offload.error.IntegerParam;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * One request fanned out to concurrent subtasks over the hops that carry context (the ManagedExecutor, virtual
 * threads, Mutiny on the worker pool, its results joined by a Mutiny combinator), and over the CPU pool, which
 * carries nothing and gets what it needs as arguments. Each subtask reports what every kind of context held on its
 * thread: under many concurrent requests, each must see only its own request's values and span.
 */
@Tag(name = "context")
@Path("/context/fan-out")
@Produces(MediaType.APPLICATION_JSON)
public class FanOutResource {

    /** The hops a request fans out over, in the order of the subtasks. */
    static final List<Hop> HOPS = List.of(Hop.MANAGED_EXECUTOR, Hop.VIRTUAL_THREAD, Hop.WORKER, Hop.CPU_POOL);
    /** The most subtasks per hop a request may ask for. */
    static final int MOST_PER_HOP = 16;

    private final Door door;
    private final ContextProbe probe;

    FanOutResource(Door door, ContextProbe probe) {
        this.door = door;
        this.probe = probe;
    }

    /**
     * @param subtask its number, from 0
     * @param hop the hop it took
     * @param argument what it was handed explicitly (the CPU pool's subtasks get the request id so), or null
     * @param seen what it found on its thread
     */
    public record Subtask(int subtask, String hop, @Schema(nullable = true) String argument, ContextProbe.Row seen) {
    }

    /**
     * @param requestId the request's id
     * @param requestSpan the request's span, {@code traceId/spanId}
     * @param subtasks every subtask, in order
     */
    public record FanOut(String requestId, String requestSpan, List<Subtask> subtasks) {
    }

    @GET
    @NonBlocking
    @Lane("context")
    @Operation(summary = "One request fanned out to concurrent subtasks: what context each one saw")
    @APIResponse(responseCode = "200", description = "Every subtask, its hop and thread, and what each kind of context held there")
    @APIResponse(responseCode = "400", description = "perHop is not an integer between 1 and 16, or X-Request-Id is not 1 to 128 letters, digits or . _ : -")
    public Uni<FanOut> fanOut(
            @Parameter(description = "Subtasks per hop: 1 to 16; 2 when absent", example = "2") @QueryParam("perHop") String perHop,
            @Parameter(description = "The id to put into every kind of context; a UUID when absent") @HeaderParam(RequestId.HEADER) String requestId) {
        int each = (int) IntegerParam.parse("perHop", perHop == null ? "2" : perHop, 1, MOST_PER_HOP);
        String id = RequestId.fromHeaderOrNew(requestId);
        probe.putInRequestContexts(id);
        ContextVar.Token<String> token = RequestId.VAR.set(id);
        String requestSpan = ContextProbe.currentSpan();
        try {
            return ScopedValue.where(RequestId.SCOPED, id).call(() -> door.fanOut(tasks -> {
                List<Uni<Subtask>> subtasks = new ArrayList<>();
                for (int i = 0; i < each * HOPS.size(); i++) {
                    int number = i;
                    Hop hop = HOPS.get(i % HOPS.size());
                    String label = hop.label() + " #" + i;
                    if (hop == Hop.CPU_POOL) {
                        // Nothing travels to the CPU pool, as nothing travels to a ProcessPoolExecutor's process:
                        // the subtask gets the request id as an argument.
                        subtasks.add(tasks.on(hop, () -> new Subtask(number, hop.label(), id, probe.probe(label))));
                    } else {
                        // A pool's thread does not inherit a ScopedValue: the one line that rebinds it there.
                        subtasks.add(tasks.on(hop, () -> ScopedValue.where(RequestId.SCOPED, id)
                                .call(() -> new Subtask(number, hop.label(), null, probe.probe(label)))));
                    }
                }
                // Mutiny's combinator waits for them all; the first failure fails the request.
                return Uni.join().all(subtasks).andFailFast().map(done -> new FanOut(id, requestSpan, done));
            }));
        } finally {
            RequestId.VAR.reset(token);
        }
    }
}
