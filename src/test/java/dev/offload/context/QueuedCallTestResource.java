package dev.offload.context;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only: the context matrix's {@code @Asynchronous} Fault Tolerance row with one permit, so that a second call
 * waits in the bulkhead's queue until the first, held on a latch, ends.
 */
@Path("/test-support/context/fault-tolerance")
public class QueuedCallTestResource {

    static volatile CountDownLatch release = new CountDownLatch(1);
    static final AtomicInteger STARTED = new AtomicInteger();

    private final ContextProbe probe;

    QueuedCallTestResource(ContextProbe probe) {
        this.probe = probe;
    }

    static void reset() {
        release.countDown();
        release = new CountDownLatch(1);
        STARTED.set(0);
    }

    @GET
    @Path("/queued")
    @SetOnEventLoop
    @Asynchronous
    @Bulkhead(value = 1, waitingTaskQueue = 1)
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Operation(hidden = true)
    public CompletionStage<ContextProbe.Row> queued(@HeaderParam(RequestId.HEADER) String requestId)
            throws InterruptedException {
        STARTED.incrementAndGet();
        release.await();
        return CompletableFuture.completedFuture(probe.probe("queued @Asynchronous call"));
    }
}
