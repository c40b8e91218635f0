package dev.offload.door;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * One request's way through the door: its lane, its deadline, its slot, and the one mechanism that stops its work.
 * {@link #cancel} serves every state alike: a request still waiting for a slot leaves the queue; a task submitted
 * but not started never starts; a thread running the request's work (a pool's, or the request's own
 * {@code @Blocking} or virtual thread) is interrupted; and whoever awaits the work gets its answer at once (504
 * past the deadline, 503 when cancelled), even if the work ignores the interrupt. The slot goes back when the
 * exchange is over and no thread runs the request's work any more.
 */
public final class Ticket implements Gate.Waiter {

    /** Why a ticket was cancelled. */
    enum Cause {
        DEADLINE,
        DISCONNECT
    }

    private final Gate gate;
    private final Deadline deadline;
    private final Duration retryAfter;
    private final Vertx vertx;
    private final RunningWork runningWork;
    private final CompletableFuture<Void> admission = new CompletableFuture<>();

    // Guarded by this.
    private Gate.Slot slot;
    private Cause cancelled;
    private boolean failed;
    private boolean ended;
    /** The exchange until its response is over, plus every task submitted and not yet finished. */
    private int pending = 1;
    private final Set<Thread> running = new HashSet<>();
    private final Set<Thread> interruptedByUs = new HashSet<>();
    private final List<CompletableFuture<?>> awaited = new ArrayList<>();
    private long timer = NO_TIMER;
    private static final long NO_TIMER = -1;

    Ticket(Gate gate, Deadline deadline, Duration retryAfter, Vertx vertx, RunningWork runningWork) {
        this.gate = gate;
        this.deadline = deadline;
        this.retryAfter = retryAfter;
        this.vertx = vertx;
        this.runningWork = runningWork;
    }

    public String lane() {
        return gate.lane();
    }

    public Deadline deadline() {
        return deadline;
    }

    /**
     * Asks the lane for a slot, now, on the event loop, and arms the deadline. The stage completes when the
     * slot is granted (at once, or later on the thread that freed one), or fails with the answer to send instead:
     * {@link LaneFull} at once, {@link DeadlineExceeded} if the deadline passes in the queue.
     */
    CompletableFuture<Void> admit() {
        Gate.Decision decision = gate.admit(this);
        if (decision == Gate.Decision.FULL) {
            synchronized (this) {
                ended = true;
            }
            admission.completeExceptionally(new LaneFull(lane(), retryAfter));
            return admission;
        }
        synchronized (this) {
            if (!ended) {
                // A Vert.x timer, on this event loop: arming and firing it takes no lock another thread holds.
                timer = vertx.setTimer(Math.max(1, deadline.remaining().toMillis()), fired -> cancel(Cause.DEADLINE));
            }
        }
        return admission;
    }

    @Override
    public void enter(Gate.Slot granted) {
        synchronized (this) {
            if (cancelled == null) {
                slot = granted;
            }
        }
        if (slot != granted) {
            // It gave up waiting while this slot was on its way: the slot goes straight back.
            gate.giveBack(granted);
            return;
        }
        admission.complete(null);
    }

    /**
     * Stops the request's work, wherever it is, once; a later cause changes nothing. Called by the deadline's
     * timer, and by the end of an exchange whose client hung up.
     */
    void cancel(Cause cause) {
        List<CompletableFuture<?>> toFail;
        boolean wasWaiting;
        synchronized (this) {
            if (cancelled != null || ended) {
                return;
            }
            cancelled = cause;
            wasWaiting = slot == null;
            for (Thread thread : running) {
                // Under the lock, so the thread cannot have moved on to someone else's work meanwhile.
                interruptedByUs.add(thread);
                thread.interrupt();
            }
            toFail = List.copyOf(awaited);
        }
        RuntimeException answer = answerTo(cause, wasWaiting);
        if (wasWaiting) {
            gate.leave(this);
        }
        admission.completeExceptionally(answer);
        toFail.forEach(result -> result.completeExceptionally(answer));
    }

    private RuntimeException answerTo(Cause cause, boolean wasWaiting) {
        return switch (cause) {
            case DEADLINE -> new DeadlineExceeded(lane(), deadline.budget(), wasWaiting);
            case DISCONNECT -> new WorkCancelled(lane(), "its client hung up");
        };
    }

    /**
     * Runs {@code work} on the calling thread as this request's work: refused if the ticket is cancelled already,
     * interrupted if it is cancelled meanwhile, with the deadline bound in {@link Deadline#CURRENT}. Whatever an
     * interrupt surfaces as, the caller gets the cancellation's own answer (504 or 503).
     */
    <T> T runHere(Callable<T> work) throws Exception {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (cancelled != null) {
                throw answerTo(cancelled, false);
            }
            running.add(me);
            // The slot stays taken while this thread works, even after a client that hung up ended the exchange.
            pending++;
        }
        runningWork.began(me, lane());
        try {
            return ScopedValue.where(Deadline.CURRENT, deadline).call(work::call);
        } catch (Exception e) {
            synchronized (this) {
                if (cancelled != null) {
                    throw answerTo(cancelled, false);
                }
                failed = true;
            }
            throw e;
        } finally {
            runningWork.ended(me);
            synchronized (this) {
                running.remove(me);
                if (interruptedByUs.remove(me)) {
                    // The interrupt was ours, to stop this request's work: the thread goes back to its pool clean.
                    Thread.interrupted();
                }
            }
            settle();
        }
    }

    /**
     * Hands {@code work} to {@code dispatch} (which runs the runnable on some thread, now or later) as one more of
     * this request's tasks, and returns its result; the result fails at once when the ticket is cancelled.
     */
    <T> Uni<T> submit(Consumer<Runnable> dispatch, Callable<T> work) {
        CompletableFuture<T> result = awaiting(new CompletableFuture<>());
        try {
            dispatch(dispatch, () -> {
                try {
                    result.complete(runHere(work));
                } catch (Throwable failure) {
                    result.completeExceptionally(failure);
                }
            });
        } catch (LaneFull full) {
            result.completeExceptionally(full);
        }
        return Uni.createFrom().completionStage(result);
    }

    /**
     * Hands {@code task} to {@code dispatch} as one more of this request's tasks: the slot stays taken until it has
     * run, or was refused.
     *
     * @throws LaneFull if {@code dispatch} refuses it ({@link RejectedExecutionException}): the pool is full
     */
    void dispatch(Consumer<Runnable> dispatch, Runnable task) {
        synchronized (this) {
            pending++;
        }
        try {
            dispatch.accept(() -> {
                try {
                    task.run();
                } finally {
                    settle();
                }
            });
        } catch (RejectedExecutionException full) {
            settle();
            throw new LaneFull(lane(), retryAfter);
        }
    }

    /**
     * What to answer for {@code failure} of this request's work: the cancellation's own answer (504 or 503) when the
     * ticket is cancelled, since whatever the interrupt surfaced as is its consequence; {@code failure} otherwise.
     */
    Throwable answerFor(Throwable failure) {
        synchronized (this) {
            return cancelled != null ? answerTo(cancelled, false) : failure;
        }
    }

    /** {@code result}, failed at once with the cancellation's answer if this ticket is (or gets) cancelled. */
    <T> CompletableFuture<T> awaiting(CompletableFuture<T> result) {
        Cause cause;
        synchronized (this) {
            cause = cancelled;
            if (cause == null) {
                awaited.add(result);
                return result;
            }
        }
        result.completeExceptionally(answerTo(cause, false));
        return result;
    }

    /** The exchange is over: its response was sent ({@code answered}) or its connection closed before. */
    void exchangeOver(boolean answered) {
        if (!answered) {
            cancel(Cause.DISCONNECT);
        }
        settle();
    }

    /** One less thing pending; the last one ends the ticket and gives its slot back. */
    private void settle() {
        Gate.Slot toRelease;
        Gate.Ending ending;
        synchronized (this) {
            if (--pending > 0 || ended) {
                return;
            }
            ended = true;
            if (timer != NO_TIMER) {
                vertx.cancelTimer(timer);
            }
            toRelease = slot;
            ending = cancelled == Cause.DEADLINE ? Gate.Ending.DEADLINE
                    : cancelled != null ? Gate.Ending.CANCELLED
                            : failed ? Gate.Ending.FAILED : Gate.Ending.COMPLETED;
        }
        gate.end(toRelease, ending);
    }
}
