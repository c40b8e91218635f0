package dev.offload.faulttolerance;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.common.annotation.Blocking;

/**
 * Test-only twins of {@link FaultToleranceResource}'s {@code @Blocking} and {@code @Asynchronous} endpoints, the same
 * annotations over {@link StuckWork}, with one permit (and one place in the asynchronous queue) and a timeout of
 * 300 ms, so that a test can hold the work past its timeout and watch what Fault Tolerance does then.
 */
@Path("/test-support/fault-tolerance")
public class FaultToleranceTestResource {

    static final long TIMEOUT_MILLIS = 300;

    @GET
    @Path("/blocking")
    @Blocking
    @Bulkhead(value = 1, waitingTaskQueue = 1)
    @Timeout(TIMEOUT_MILLIS)
    @Operation(hidden = true)
    public String blocking(@QueryParam("ignore-interrupts") boolean ignoreInterrupts) {
        return StuckWork.run(ignoreInterrupts);
    }

    @GET
    @Path("/asynchronous")
    @Asynchronous
    @Bulkhead(value = 1, waitingTaskQueue = 1)
    @Timeout(TIMEOUT_MILLIS)
    @Operation(hidden = true)
    public CompletionStage<String> asynchronous() {
        return CompletableFuture.completedFuture(StuckWork.run(false));
    }
}
