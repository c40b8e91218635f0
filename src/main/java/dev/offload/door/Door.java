package dev.offload.door;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.Startup;
import io.quarkus.virtual.threads.VirtualThreads;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Hardens a request's work, wherever it runs. By the time an endpoint calls the door, {@link AdmitBeforeDispatch}
 * has admitted the request on the event loop (a slot, a 503, or a wait in the lane's queue) and armed its deadline;
 * the door runs the work under that {@link Ticket}, so no path can skip admission, deadline or cancellation.
 * <p>
 * An endpoint moves its work with the Quarkus idiom itself, and hands it to the door on the way:
 * {@link #guard(Executor)} wraps the executor it passes to {@code runSubscriptionOn} or
 * {@code CompletableFuture.supplyAsync} (each task is then one of the request's: interrupted at its deadline or when
 * its client hangs up, never started once it is cancelled, its slot held until it ends), and {@link #bounded(Uni)}
 * answers the result with the 504 or 503 at once, even if the work ignores the interrupt. Context is captured where
 * the idiom captures it, on the caller's thread. The context matrix and the calc strategies use {@link #offload},
 * which does both over a named {@link Hop}.
 */
@Startup
@Singleton
public class Door {

    /** The Vert.x local under which a request's ticket travels with it, to whichever thread Quarkus gives it. */
    static final String TICKET = "offload.ticket";

    private final Map<Hop, Consumer<Runnable>> hops = new EnumMap<>(Hop.class);

    Door(ManagedExecutor managed, @Identifier(IsolatedExecutor.NAME) ManagedExecutor isolated, CpuPool cpu,
            UnmanagedPool unmanaged, @VirtualThreads ExecutorService virtualThreads) {
        // Resolved now, at start-up: behind a client proxy, a bean is made on its first use, on an event loop, under a
        // lock the other event loops then wait for (the blocking-call detector caught it).
        ManagedExecutor managedNow = ClientProxy.unwrap(managed);
        ExecutorService virtualThreadsNow = ClientProxy.unwrap(virtualThreads);
        hops.put(Hop.WORKER, task -> runSubscriptionOn(Infrastructure.getDefaultWorkerPool(), task));
        hops.put(Hop.MANAGED_EXECUTOR, managedNow::execute);
        hops.put(Hop.VIRTUAL_THREAD, virtualThreadsNow::execute);
        hops.put(Hop.ISOLATED_EXECUTOR, isolated::execute);
        hops.put(Hop.CPU_POOL, cpu.executor()::execute);
        hops.put(Hop.UNMANAGED_POOL, unmanaged.executor()::execute);
        hops.put(Hop.MUTINY_EMIT_ON, task -> Uni.createFrom().voidItem().emitOn(unmanaged.executor())
                .invoke(task::run).subscribe().with(done -> {
                }, failure -> {
                }));
        hops.put(Hop.MUTINY_RUN_SUBSCRIPTION_ON, task -> runSubscriptionOn(unmanaged.executor(), task));
    }

    // The Uni is built here, on the caller's thread, which is when Mutiny's context propagation captures context.
    private static void runSubscriptionOn(Executor executor, Runnable task) {
        Uni.createFrom().voidItem().invoke(task::run).runSubscriptionOn(executor).subscribe().with(done -> {
        }, failure -> {
        });
    }

    /**
     * From an event-loop endpoint, on its own thread: {@code pool}, hardened for this request. Each task it is given
     * runs as this request's work (see the class comment); a task that {@code pool} refuses is a 503 ({@link LaneFull},
     * thrown to the caller). Wrap the executor where the hop is written, not ahead of time: it belongs to one request.
     */
    public Executor guard(Executor pool) {
        Ticket ticket = ticket();
        return task -> ticket.dispatch(pool::execute, () -> {
            try {
                ticket.runHere(() -> {
                    task.run();
                    return null;
                });
            } catch (DeadlineExceeded | WorkCancelled refused) {
                // The request was cancelled before the task began: it never starts, and bounded has the answer.
            } catch (RuntimeException failed) {
                throw failed;
            } catch (Exception cannotHappen) {
                // A Runnable throws no checked exception.
                throw new IllegalStateException(cannotHappen);
            }
        });
    }

    /**
     * From an event-loop endpoint, on its own thread: {@code work}, answered at once with the 504 when the request's
     * deadline passes, or the 503 when its client hangs up, whether or not the work stops; a failure that the
     * cancellation caused (an interrupted sleep) is answered the same way.
     */
    public <T> Uni<T> bounded(Uni<T> work) {
        return awaited(ticket(), work);
    }

    /**
     * From an event-loop endpoint: runs {@code work} over {@code hop} and returns its result, or the 504 when the
     * deadline passes first (the work is interrupted), or a 503 when the client hangs up.
     */
    public <T> Uni<T> offload(Hop hop, Callable<T> work) {
        return ticket().submit(hops.get(hop), work);
    }

    /** From an event-loop endpoint: work that runs several tasks, each through {@link Tasks#on}. */
    public <T> Uni<T> fanOut(Function<Tasks, Uni<T>> work) {
        Ticket ticket = ticket();
        return awaited(ticket, work.apply(new Tasks(ticket, hops)));
    }

    /**
     * From an event-loop endpoint: work that stays on the event loop and waits without blocking (a timer), bound
     * by the request's deadline like any other.
     */
    public <T> Uni<T> onEventLoop(Supplier<Uni<T>> work) {
        Ticket ticket = ticket();
        return awaited(ticket, work.get());
    }

    /**
     * From a {@code @Blocking} or {@code @RunOnVirtualThread} endpoint, already on the thread Quarkus dispatched it
     * to: runs {@code work} here, interrupted at the deadline (a 504) or when the client hangs up.
     */
    public <T> T run(Callable<T> work) throws Exception {
        return ticket().runHere(work);
    }

    private static <T> Uni<T> awaited(Ticket ticket, Uni<T> work) {
        CompletableFuture<T> result = ticket.awaiting(new CompletableFuture<>());
        work.subscribe().with(result::complete, failure -> result.completeExceptionally(ticket.answerFor(failure)));
        return Uni.createFrom().completionStage(result);
    }

    /** The calling request's ticket. */
    static Ticket ticket() {
        return ContextLocals.<Ticket> get(TICKET).orElseThrow(() -> new IllegalStateException(
                "the door was called for a request whose endpoint joins no lane: annotate it with @Lane(\"name\")"));
    }
}
