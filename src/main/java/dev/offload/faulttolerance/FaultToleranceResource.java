package dev.offload.faulttolerance;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.offload.seed.GreetingReply;
import dev.offload.seed.SyncTask;
import dev.offload.where.RanOn;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.RunOnVirtualThread;

/**
 * The seed's blocking work bounded the way a Quarkus user reaches for first: SmallRye Fault Tolerance's
 * {@code @Bulkhead} and {@code @Timeout}, not the door. Its limits are the sync-route lane's (64 at once, 64 waiting,
 * 10 s), and the standard keys change them, e.g.
 * {@code quarkus.fault-tolerance."dev.offload.faulttolerance.FaultToleranceResource/bulkhead".bulkhead.value}. A
 * rejection is our 503 with {@code Retry-After}, a timeout our 504 ({@link FaultToleranceAnswers}). What each variant
 * does with its threads is in docs/door.md, "Fault Tolerance beside the door", each claim with its test.
 */
@Tag(name = "fault tolerance")
@Path("/fault-tolerance")
@Produces(MediaType.APPLICATION_JSON)
public class FaultToleranceResource {

    /** The sync-route lane's defaults ({@code offload.lanes.sync-route.*}), as the annotations' values. */
    static final int MAX_CONCURRENT = 64;
    static final int QUEUE = 64;
    static final long TIMEOUT_SECONDS = 10;

    private final SyncTask syncTask;

    FaultToleranceResource(SyncTask syncTask) {
        this.syncTask = syncTask;
    }

    /**
     * Quarkus dispatches the request to a worker first; only then does the bulkhead, on that worker, admit or reject
     * it. A synchronous method has no queue: {@code waitingTaskQueue} is ignored, and the 65th request is rejected at
     * once. At the timeout, Fault Tolerance interrupts this thread; the answer leaves when the method returns.
     */
    @GET
    @Path("/bulkhead")
    @Blocking
    @Bulkhead(value = MAX_CONCURRENT, waitingTaskQueue = QUEUE)
    @Timeout(value = TIMEOUT_SECONDS, unit = ChronoUnit.SECONDS)
    @Operation(summary = "Method 2 under @Bulkhead and @Timeout", description = "A @Blocking endpoint bounded by Fault Tolerance: the worker is taken before the bulkhead decides.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the worker thread that ran it")
    @APIResponse(responseCode = "503", description = "The bulkhead is full (a synchronous bulkhead has no queue); come back after Retry-After", headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "504", description = "The timeout passed; the worker was interrupted")
    public GreetingReply bulkhead() {
        RanOn endpoint = RanOn.here();
        return new GreetingReply(syncTask.greet("Bulkhead"), endpoint, RanOn.here());
    }

    /**
     * Runs on the event loop, where the bulkhead decides: a rejection costs no worker. An admitted call waits in the
     * bulkhead's queue if every permit is taken, then {@code @Asynchronous} moves the body to Quarkus' worker pool (the
     * {@code ManagedExecutor}, which carries the request's context there). At the timeout the client gets its 504, but
     * nothing is interrupted: the body runs on, holding its worker and its permit, until syncTask ends.
     */
    @GET
    @Path("/asynchronous")
    // No @NonBlocking, though the method runs on the event loop (a CompletionStage's default): Fault Tolerance
    // reads @NonBlocking on a method as "do not move me", and @Asynchronous would then run syncTask on the event loop.
    @Asynchronous
    @Bulkhead(value = MAX_CONCURRENT, waitingTaskQueue = QUEUE)
    @Timeout(value = TIMEOUT_SECONDS, unit = ChronoUnit.SECONDS)
    @Operation(summary = "Method 1 under @Asynchronous, @Bulkhead and @Timeout", description = "An event-loop endpoint whose body Fault Tolerance moves to the worker pool, behind a bulkhead with a queue.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the worker thread that ran it")
    @APIResponse(responseCode = "503", description = "Every permit and every place in the bulkhead's queue is taken; come back after Retry-After", headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "504", description = "The timeout passed, waiting or running; the work was not interrupted")
    public CompletionStage<GreetingReply> asynchronousBulkhead() {
        // Fault Tolerance runs this body on a worker, so the endpoint's thread and the work's are the same one.
        RanOn worker = RanOn.here();
        return CompletableFuture.completedFuture(new GreetingReply(syncTask.greet("Asynchronous"), worker, worker));
    }

    /**
     * Quarkus starts a virtual thread for the request; the bulkhead decides there, and, as for {@link #bulkhead}, has
     * no queue. At the timeout Fault Tolerance interrupts the virtual thread.
     */
    @GET
    @Path("/virtual")
    @RunOnVirtualThread
    @Bulkhead(value = MAX_CONCURRENT, waitingTaskQueue = QUEUE)
    @Timeout(value = TIMEOUT_SECONDS, unit = ChronoUnit.SECONDS)
    @Operation(summary = "Method 2 on a virtual thread under @Bulkhead and @Timeout", description = "A @RunOnVirtualThread endpoint bounded by Fault Tolerance.")
    @APIResponse(responseCode = "200", description = "syncTask's greeting, and the virtual thread that ran it")
    @APIResponse(responseCode = "503", description = "The bulkhead is full (a synchronous bulkhead has no queue); come back after Retry-After", headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "504", description = "The timeout passed; the virtual thread was interrupted")
    public GreetingReply virtualThreadBulkhead() {
        RanOn endpoint = RanOn.here();
        return new GreetingReply(syncTask.greet("Virtual Thread"), endpoint, RanOn.here());
    }
}
