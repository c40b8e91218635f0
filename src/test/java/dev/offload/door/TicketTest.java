package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.offload.error.HttpProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * One request's way through the door, without Quarkus: a slot or a place in the queue or a 503; a deadline armed as
 * a Vert.x timer that stops the request wherever it is; a client that hangs up stopping it too; and the slot given
 * back once, when the exchange is over and no thread works for the request any more.
 */
class TicketTest {

    static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    /** A deadline that no test reaches. */
    static final Duration AMPLE = Duration.ofSeconds(30);
    /** A deadline that a test waits out. */
    static final Duration SHORT = Duration.ofMillis(100);
    /** How long a test waits for what must happen; far more than it takes. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    static Vertx vertx;

    TimerLog timers;
    MeterRegistry registry;
    Gate gate;
    RunningWork runningWork;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @BeforeEach
    void freshLane() {
        timers = new TimerLog(vertx);
        registry = new SimpleMeterRegistry();
        gate = new Gate("calc", LaneLimits.fixed(1, 1), registry);
        runningWork = new RunningWork();
    }

    Ticket ticket(Duration budget) {
        return new Ticket(gate, Deadline.in(budget), RETRY_AFTER, timers.vertx(), runningWork);
    }

    Ticket admitted() {
        Ticket ticket = ticket(AMPLE);
        assertThat(ticket.admit()).isCompleted();
        return ticket;
    }

    double ended(Gate.Ending ending) {
        return registry.get("offload.lane.ended").tag("lane", "calc")
                .tag("ending", ending.name().toLowerCase(Locale.ROOT)).counter().count();
    }

    double endedInAll() {
        double all = 0;
        for (Gate.Ending ending : Gate.Ending.values()) {
            all += ended(ending);
        }
        return all;
    }

    static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("it did not fail within " + PATIENCE, e);
        }
        throw new AssertionError("it succeeded");
    }

    @Test
    void aFailureOfTheWorkIsItsOwnUntilTheTicketIsCancelledThenTheCancellationsAnswer() {
        Ticket ticket = admitted();
        IllegalStateException own = new IllegalStateException("the work's own failure");
        assertThat(ticket.answerFor(own)).isSameAs(own);

        ticket.cancel(Ticket.Cause.DEADLINE);

        assertThat(ticket.answerFor(new java.util.concurrent.CancellationException("interrupted")))
                .isInstanceOf(DeadlineExceeded.class);
    }

    @Test
    void aFreeSlotAdmitsAtOnceAndArmsTheDeadlineAsATimer() {
        Deadline deadline = Deadline.in(AMPLE);
        Ticket ticket = new Ticket(gate, deadline, RETRY_AFTER, timers.vertx(), runningWork);

        assertThat(ticket.admit()).isCompleted();
        assertThat(ticket.lane()).isEqualTo("calc");
        assertThat(ticket.deadline()).isSameAs(deadline);
        assertThat(gate.running()).isEqualTo(1);
        assertThat(timers.set()).hasSize(1);
    }

    @Test
    void aFullLaneAnswers503WithRetryAfterAtOnceAndArmsNoDeadline() {
        gate.admit(new SlotKeeper());
        gate.admit(new SlotKeeper());
        Ticket ticket = ticket(AMPLE);

        Throwable answer = failureOf(ticket.admit());
        assertThat(answer).isInstanceOf(LaneFull.class)
                .hasMessage("too many requests are running or waiting on the calc lane; retry after 2 s");
        assertThat(((HttpProblem) answer).status()).isEqualTo(503);
        assertThat(((HttpProblem) answer).retryAfter()).contains(RETRY_AFTER);
        assertThat(timers.set()).isEmpty();

        // Turned away before it waited or ran: its end is not one of the lane's endings.
        ticket.exchangeOver(true);
        assertThat(endedInAll()).isZero();
        assertThat(gate.running()).isEqualTo(1);
    }

    @Test
    void aQueuedTicketIsAdmittedWhenASlotIsFreed() {
        SlotKeeper running = new SlotKeeper();
        gate.admit(running);
        Ticket ticket = ticket(AMPLE);

        CompletableFuture<Void> admission = ticket.admit();
        assertThat(admission).isNotDone();
        assertThat(timers.set()).as("the deadline runs while it waits").hasSize(1);

        gate.end(running.slot(), Gate.Ending.COMPLETED);
        assertThat(admission).isCompleted();
        ticket.exchangeOver(true);
        assertThat(ended(Gate.Ending.COMPLETED)).isEqualTo(2);
        assertThat(gate.running()).isZero();
    }

    @Test
    void aDeadlineThatPassesInTheQueueAnswers504AndTakesTheTicketOutOfTheQueue() {
        SlotKeeper running = new SlotKeeper();
        gate.admit(running);
        Ticket ticket = ticket(SHORT);

        Throwable answer = failureOf(ticket.admit());

        assertThat(answer).isInstanceOf(DeadlineExceeded.class)
                .hasMessage("the calc work did not finish within 100 ms; it was still waiting for a slot");
        assertThat(((HttpProblem) answer).status()).isEqualTo(504);
        assertThat(gate.waitingNow()).isZero();
        gate.end(running.slot(), Gate.Ending.COMPLETED);
        assertThat(gate.running()).as("nobody was left waiting for the slot").isZero();
        ticket.exchangeOver(true);
        assertThat(ended(Gate.Ending.DEADLINE)).isEqualTo(1);
    }

    @Test
    void aDeadlineThatPassesWhileTheWorkRunsInterruptsItAndAnswers504() throws Exception {
        Ticket ticket = ticket(SHORT);
        ticket.admit();

        assertThatThrownBy(() -> ticket.runHere(() -> {
            TimeUnit.MILLISECONDS.sleep(PATIENCE.toMillis());
            return "slept through its deadline";
        })).isInstanceOf(DeadlineExceeded.class)
                .hasMessage("the calc work did not finish within 100 ms; it was interrupted");

        assertThat(gate.running()).as("the exchange is not over yet").isEqualTo(1);
        ticket.exchangeOver(true);
        assertThat(ended(Gate.Ending.DEADLINE)).isEqualTo(1);
        assertThat(gate.running()).isZero();
    }

    @Test
    void aClientThatHangsUpFailsTheAwaitedResultAtOnceAndInterruptsTheWork() throws Exception {
        Ticket ticket = admitted();
        CompletableFuture<Object> awaited = ticket.awaiting(new CompletableFuture<>());
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean release = new AtomicBoolean();
        AtomicBoolean sawTheInterrupt = new AtomicBoolean();
        AtomicReference<Boolean> interruptedAfterwards = new AtomicReference<>();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                // Work that ignores interrupts: only release ends it.
                Object done = ticket.runHere(() -> {
                    started.countDown();
                    while (!release.get()) {
                        Thread.onSpinWait();
                    }
                    sawTheInterrupt.set(Thread.currentThread().isInterrupted());
                    return "done";
                });
                interruptedAfterwards.set(Thread.currentThread().isInterrupted());
                outcome.complete(done);
            } catch (Throwable failure) {
                outcome.completeExceptionally(failure);
            }
        });
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        ticket.exchangeOver(false);

        assertThat(awaited).as("whoever awaits the work is answered at once").isCompletedExceptionally();
        Throwable answer = failureOf(awaited);
        assertThat(answer).isInstanceOf(WorkCancelled.class)
                .hasMessage("the calc work was cancelled before it finished: its client hung up");
        assertThat(((HttpProblem) answer).status()).isEqualTo(503);
        assertThat(gate.running()).as("the slot stays taken while a thread still works").isEqualTo(1);
        assertThat(endedInAll()).isZero();

        release.set(true);
        assertThat(outcome.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("done");
        assertThat(sawTheInterrupt).isTrue();
        assertThat(interruptedAfterwards.get()).as("our interrupt is cleared before the thread goes back").isFalse();
        assertThat(ended(Gate.Ending.CANCELLED)).isEqualTo(1);
        assertThat(gate.running()).isZero();
    }

    @Test
    void anInterruptThatIsNotOursIsLeftForTheThreadsOwner() throws Exception {
        Ticket ticket = admitted();
        try {
            assertThat(ticket.runHere(() -> {
                Thread.currentThread().interrupt();
                return 1;
            })).isEqualTo(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aCancelledTicketRunsNoMoreWork() {
        Ticket ticket = admitted();
        ticket.exchangeOver(false);
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> ticket.runHere(() -> ran.getAndSet(true))).isInstanceOf(WorkCancelled.class);
        assertThat(ran).isFalse();

        Ticket late = ticket(AMPLE);
        late.cancel(Ticket.Cause.DEADLINE);
        assertThatThrownBy(() -> late.runHere(() -> ran.getAndSet(true))).isInstanceOf(DeadlineExceeded.class);
        assertThat(ran).isFalse();
    }

    @Test
    void theWorkRunsWithItsDeadlineBoundAndIsListedAsRunningMeanwhile() throws Exception {
        Ticket ticket = admitted();
        AtomicReference<Optional<Deadline>> seen = new AtomicReference<>();
        AtomicReference<List<RunningWork.Work>> listed = new AtomicReference<>();

        ticket.runHere(() -> {
            seen.set(Deadline.current());
            listed.set(runningWork.now());
            return null;
        });

        assertThat(seen.get()).containsSame(ticket.deadline());
        assertThat(listed.get()).singleElement().satisfies(work -> {
            assertThat(work.thread()).isSameAs(Thread.currentThread());
            assertThat(work.lane()).isEqualTo("calc");
        });
        assertThat(Deadline.current()).isEmpty();
        assertThat(runningWork.now()).isEmpty();
    }

    @Test
    void aFailureOfTheWorkReachesTheCallerUnchangedAndEndsTheTicketAsFailed() {
        Ticket ticket = admitted();
        IllegalStateException bug = new IllegalStateException("a bug");

        assertThatThrownBy(() -> ticket.runHere(() -> {
            throw bug;
        })).isSameAs(bug);

        ticket.exchangeOver(true);
        assertThat(ended(Gate.Ending.FAILED)).isEqualTo(1);
        assertThat(ended(Gate.Ending.COMPLETED)).isZero();
    }

    @Test
    void theSlotIsHeldUntilTheExchangeIsOverAndTheDeadlineTimerIsCancelledThen() throws Exception {
        Ticket ticket = admitted();

        assertThat(ticket.runHere(() -> 42)).isEqualTo(42);
        assertThat(gate.running()).as("the response is not sent yet").isEqualTo(1);
        assertThat(endedInAll()).isZero();

        ticket.exchangeOver(true);
        assertThat(ended(Gate.Ending.COMPLETED)).isEqualTo(1);
        assertThat(gate.running()).isZero();
        assertThat(timers.cancelled()).as("the armed timer, cancelled while still pending")
                .containsExactly(Map.entry(timers.set().getFirst(), true));
    }

    @Test
    void aSubmittedTaskRunsThroughItsDispatchAndHoldsTheSlotUntilItIsDone() {
        Ticket ticket = admitted();
        List<Runnable> dispatched = new ArrayList<>();

        Uni<Integer> result = ticket.submit(dispatched::add, () -> 42);
        ticket.exchangeOver(true);
        assertThat(gate.running()).as("its task has not run yet").isEqualTo(1);
        assertThat(endedInAll()).isZero();

        assertThat(dispatched).hasSize(1);
        dispatched.getFirst().run();
        assertThat(result.await().atMost(PATIENCE)).isEqualTo(42);
        assertThat(ended(Gate.Ending.COMPLETED)).isEqualTo(1);
        assertThat(gate.running()).isZero();
    }

    @Test
    void aTaskThatFailsReachesItsAwaiterAndEndsTheTicketAsFailed() {
        Ticket ticket = admitted();
        IllegalStateException bug = new IllegalStateException("a bug");

        Uni<Object> result = ticket.submit(Runnable::run, () -> {
            throw bug;
        });

        assertThat(failureOf(result.subscribeAsCompletionStage())).isSameAs(bug);
        ticket.exchangeOver(true);
        assertThat(ended(Gate.Ending.FAILED)).isEqualTo(1);
    }

    @Test
    void aDispatchThatRefusesTheTaskAnswers503AndHoldsNothing() {
        Ticket ticket = admitted();

        Uni<Integer> result = ticket.submit(task -> {
            throw new RejectedExecutionException("full");
        }, () -> 42);

        assertThat(failureOf(result.subscribeAsCompletionStage())).isInstanceOf(LaneFull.class);
        ticket.exchangeOver(true);
        assertThat(endedInAll()).isEqualTo(1);
        assertThat(gate.running()).isZero();
    }

    @Test
    void aTaskNotStartedWhenTheClientHangsUpFailsAtOnceAndNeverRuns() {
        Ticket ticket = admitted();
        List<Runnable> dispatched = new ArrayList<>();
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<Boolean> result = ticket.submit(dispatched::add, () -> ran.getAndSet(true))
                .subscribeAsCompletionStage();

        ticket.exchangeOver(false);
        assertThat(result).isCompletedExceptionally();
        assertThat(failureOf(result)).isInstanceOf(WorkCancelled.class);
        assertThat(gate.running()).as("its task is still to be run, or dropped").isEqualTo(1);

        dispatched.getFirst().run();
        assertThat(ran).isFalse();
        assertThat(ended(Gate.Ending.CANCELLED)).isEqualTo(1);
        assertThat(gate.running()).isZero();
    }

    @Test
    void awaitingACancelledTicketFailsAtOnce() {
        Ticket ticket = admitted();
        ticket.cancel(Ticket.Cause.DEADLINE);

        CompletableFuture<Object> awaited = ticket.awaiting(new CompletableFuture<>());

        assertThat(awaited).isCompletedExceptionally();
        assertThat(failureOf(awaited)).isInstanceOf(DeadlineExceeded.class);
    }

    @Test
    void theFirstCauseIsTheAnswerAndALaterOneChangesNothing() {
        Ticket ticket = admitted();
        ticket.cancel(Ticket.Cause.DEADLINE);
        ticket.cancel(Ticket.Cause.DISCONNECT);

        assertThat(failureOf(ticket.awaiting(new CompletableFuture<>()))).isInstanceOf(DeadlineExceeded.class);
        ticket.exchangeOver(true);
        assertThat(ended(Gate.Ending.DEADLINE)).isEqualTo(1);
        assertThat(ended(Gate.Ending.CANCELLED)).isZero();
    }

    @Test
    void nothingIsCancelledOnceTheTicketHasEnded() {
        Ticket ticket = admitted();
        ticket.exchangeOver(true);

        ticket.cancel(Ticket.Cause.DISCONNECT);

        assertThat(ticket.awaiting(new CompletableFuture<>())).isNotDone();
        assertThat(ended(Gate.Ending.COMPLETED)).isEqualTo(1);
        assertThat(endedInAll()).isEqualTo(1);
    }

    @Test
    void aSlotThatArrivesAfterTheTicketGaveUpGoesStraightBackToTheNextWaiter() {
        SlotKeeper first = new SlotKeeper();
        SlotKeeper next = new SlotKeeper();
        gate.admit(first);
        gate.admit(next);
        Ticket ticket = ticket(AMPLE);
        ticket.cancel(Ticket.Cause.DISCONNECT);

        // The race that cancel and a freed slot can run: the slot was on its way when the ticket gave up.
        ticket.enter(first.slot());

        assertThat(next.entered()).isTrue();
        assertThat(gate.running()).isEqualTo(1);
        assertThat(endedInAll()).as("a slot given back is not an ending").isZero();
    }
}
