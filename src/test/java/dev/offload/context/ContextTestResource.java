package dev.offload.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.MDC;

import io.quarkus.arc.Arc;
import io.smallrye.common.annotation.NonBlocking;

/** Test-only endpoints that look at context where it must not be, or after its request has ended. */
@Path("/test-support/context")
public class ContextTestResource {

    /** Released when a request context is destroyed: the outlive request's, the only one under way then. */
    static volatile CountDownLatch requestOver = new CountDownLatch(1);
    /** What the late task saw of the request-scoped bean, or the exception it got. */
    static volatile CompletableFuture<String> lateTaskSaw = new CompletableFuture<>();

    private final ManagedExecutor executor;
    private final RequestState state;

    ContextTestResource(ManagedExecutor executor, RequestState state) {
        this.executor = executor;
        this.state = state;
    }

    void requestEnded(@Observes @Destroyed(RequestScoped.class) Object request) {
        requestOver.countDown();
    }

    /** What this event-loop thread holds before anyone sets anything: nothing, if no request left it behind. */
    @GET
    @Path("/peek")
    @NonBlocking
    @Operation(hidden = true)
    public String peek() {
        return RequestId.VAR.get() + " " + MDC.get(ContextProbe.MDC_KEY);
    }

    /** Submits a task that reads the request-scoped bean only after this request has been answered. */
    @GET
    @Path("/outlive")
    @NonBlocking
    @Operation(hidden = true)
    public String outlive(@HeaderParam(RequestId.HEADER) String id) {
        state.requestId(id);
        CountDownLatch over = requestOver;
        CompletableFuture<String> saw = lateTaskSaw;
        executor.runAsync(() -> {
            try {
                over.await();
                saw.complete("active=" + Arc.container().requestContext().isActive() + " requestId=" + state.requestId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                saw.completeExceptionally(e);
            } catch (RuntimeException e) {
                saw.complete(e.getClass().getSimpleName());
            }
        });
        return "submitted";
    }
}
