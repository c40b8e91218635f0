package dev.offload.door;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.MDC;

import dev.offload.context.RequestId;
import io.opentelemetry.api.trace.Span;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Test-only: what a task that brings no context of its own finds on the threads of each pool a request's work can
 * reach. After any number of requests, it must find nothing: no request id, no MDC, no span, no ScopedValue. The
 * tasks of one pool wait for each other, so they run on as many distinct threads as there are tasks, and they are
 * handed over from a thread that has no context, so all they find was left behind.
 */
@Path("/test-support/door/leftovers")
public class LeftoversTestResource {

    /** How many of the Quarkus worker pool's threads are looked at. */
    static final int WORKERS = 32;

    private final CpuPool cpu;
    private final UnmanagedPool unmanaged;

    LeftoversTestResource(CpuPool cpu, UnmanagedPool unmanaged) {
        this.cpu = cpu;
        this.unmanaged = unmanaged;
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public List<String> leftovers() throws Exception {
        // Submitted from a fresh thread, which has no context to hand over: whatever a task finds, an earlier one
        // left behind.
        CompletableFuture<List<String>> found = new CompletableFuture<>();
        Thread.ofPlatform().name("leftovers-looker").start(() -> {
            try {
                List<String> looks = new ArrayList<>();
                looks.addAll(lookAt(Infrastructure.getDefaultWorkerPool(), WORKERS));
                looks.addAll(lookAt(cpu.executor(), cpu.size()));
                looks.addAll(lookAt(unmanaged.executor(), 2));
                found.complete(looks);
            } catch (Exception e) {
                found.completeExceptionally(e);
            }
        });
        return found.get(60, TimeUnit.SECONDS);
    }

    /** What {@code threads} raw tasks, on as many threads of {@code pool}, found there: one line each. */
    static List<String> lookAt(ExecutorService pool, int threads) throws Exception {
        CyclicBarrier together = new CyclicBarrier(threads);
        List<CompletableFuture<String>> looks = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            CompletableFuture<String> look = new CompletableFuture<>();
            pool.execute(() -> {
                try {
                    together.await(10, TimeUnit.SECONDS);
                    look.complete(Thread.currentThread().getName() + ": contextVar=" + RequestId.VAR.get()
                            + " mdc=" + MDC.get("requestId") + " traceId=" + MDC.get("traceId")
                            + " span=" + Span.current().getSpanContext().isValid()
                            + " scopedValue=" + RequestId.SCOPED.isBound());
                } catch (Exception e) {
                    look.completeExceptionally(e);
                }
            });
            looks.add(look);
        }
        List<String> found = new ArrayList<>();
        for (CompletableFuture<String> look : looks) {
            found.add(look.get(30, TimeUnit.SECONDS));
        }
        return found;
    }
}
