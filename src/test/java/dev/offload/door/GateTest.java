package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One lane's admission, decided at once and without a lock: a free slot, else a place in a first-in, first-out
 * queue, else no; every ending counted, and an adaptive limit told what each one means.
 */
class GateTest {

    final MeterRegistry registry = new SimpleMeterRegistry();

    Gate gate(LanesConfig.LaneConfig limits) {
        return new Gate("calc", limits, registry);
    }

    double ended(Gate.Ending ending) {
        return registry.get("offload.lane.ended").tag("lane", "calc")
                .tag("ending", ending.name().toLowerCase(Locale.ROOT)).counter().count();
    }

    double gauge(String name) {
        return registry.get(name).tag("lane", "calc").gauge().value();
    }

    @Test
    void aFreeSlotIsGrantedBeforeAdmitReturns() {
        Gate gate = gate(LaneLimits.fixed(2, 1));
        SlotKeeper first = new SlotKeeper();

        assertThat(gate.admit(first)).isEqualTo(Gate.Decision.ADMITTED);
        assertThat(first.entered()).isTrue();
        assertThat(gate.running()).isEqualTo(1);
        assertThat(gate.waitingNow()).isZero();
        assertThat(gate.lane()).isEqualTo("calc");
    }

    @Test
    void fullNowSaysWhatAdmitWouldWithoutDecidingAndARefusalIsCounted() {
        Gate gate = gate(LaneLimits.fixed(1, 1));
        assertThat(gate.fullNow()).as("a free slot").isFalse();
        gate.admit(new SlotKeeper());
        assertThat(gate.fullNow()).as("the slot taken, the queue's place free").isFalse();
        gate.admit(new SlotKeeper());
        assertThat(gate.fullNow()).as("both taken").isTrue();
        assertThat(gate.waitingNow()).as("looking changes nothing").isEqualTo(1);
        assertThat(gate.admit(new SlotKeeper())).isEqualTo(Gate.Decision.FULL);

        gate.refused();
        assertThat(gate.rejected()).isEqualTo(2);
    }

    @Test
    void withoutAQueueALaneIsFullOnceItsSlotsAreTaken() {
        Gate gate = gate(LaneLimits.fixed(1, 0));
        assertThat(gate.fullNow()).isFalse();
        gate.admit(new SlotKeeper());
        assertThat(gate.fullNow()).isTrue();
    }

    @Test
    void beyondTheLimitRequestsWaitAndBeyondTheQueueTheyAreTurnedAway() {
        Gate gate = gate(LaneLimits.fixed(1, 2));
        SlotKeeper running = new SlotKeeper();
        SlotKeeper second = new SlotKeeper();
        SlotKeeper third = new SlotKeeper();
        SlotKeeper fourth = new SlotKeeper();

        assertThat(gate.admit(running)).isEqualTo(Gate.Decision.ADMITTED);
        assertThat(gate.admit(second)).isEqualTo(Gate.Decision.QUEUED);
        assertThat(gate.admit(third)).isEqualTo(Gate.Decision.QUEUED);
        assertThat(gate.admit(fourth)).isEqualTo(Gate.Decision.FULL);

        assertThat(second.entered()).isFalse();
        assertThat(third.entered()).isFalse();
        assertThat(fourth.entered()).isFalse();
        assertThat(gate.running()).isEqualTo(1);
        assertThat(gate.waitingNow()).isEqualTo(2);
        assertThat(gate.rejected()).isEqualTo(1);
        assertThat(registry.get("offload.lane.rejected").tag("lane", "calc").counter().count()).isEqualTo(1);
    }

    @Test
    void freedSlotsGoToTheWaitersOldestFirst() {
        Gate gate = gate(LaneLimits.fixed(1, 3));
        SlotKeeper running = new SlotKeeper();
        gate.admit(running);
        List<SlotKeeper> waiters = List.of(new SlotKeeper(), new SlotKeeper(), new SlotKeeper());
        waiters.forEach(gate::admit);

        gate.end(running.slot(), Gate.Ending.COMPLETED);
        assertThat(waiters).extracting(SlotKeeper::entered).containsExactly(true, false, false);
        assertThat(gate.waitingNow()).isEqualTo(2);

        gate.end(waiters.get(0).slot(), Gate.Ending.COMPLETED);
        assertThat(waiters).extracting(SlotKeeper::entered).containsExactly(true, true, false);

        gate.end(waiters.get(1).slot(), Gate.Ending.COMPLETED);
        assertThat(waiters).extracting(SlotKeeper::entered).containsExactly(true, true, true);
        assertThat(gate.waitingNow()).isZero();
        assertThat(gate.running()).isEqualTo(1);
    }

    @Test
    void aNewcomerQueuesBehindTheWaitersInsteadOfTakingTheirSlot() {
        Gate gate = gate(LaneLimits.fixed(1, 2));
        SlotKeeper running = new SlotKeeper();
        SlotKeeper waiting = new SlotKeeper();
        SlotKeeper newcomer = new SlotKeeper();
        gate.admit(running);
        gate.admit(waiting);

        assertThat(gate.admit(newcomer)).isEqualTo(Gate.Decision.QUEUED);
        gate.end(running.slot(), Gate.Ending.COMPLETED);

        assertThat(waiting.entered()).isTrue();
        assertThat(newcomer.entered()).isFalse();
    }

    @Test
    void aWaiterThatLeavesIsSkippedAndItsPlaceIsFreed() {
        Gate gate = gate(LaneLimits.fixed(1, 1));
        SlotKeeper running = new SlotKeeper();
        SlotKeeper leaving = new SlotKeeper();
        SlotKeeper next = new SlotKeeper();
        gate.admit(running);
        gate.admit(leaving);

        assertThat(gate.leave(leaving)).isTrue();
        assertThat(gate.waitingNow()).isZero();
        assertThat(gate.leave(leaving)).as("a second leave finds it gone").isFalse();
        assertThat(gate.leave(running)).as("a waiter that got its slot is not in the queue").isFalse();

        assertThat(gate.admit(next)).as("the place it left is free again").isEqualTo(Gate.Decision.QUEUED);
        gate.end(running.slot(), Gate.Ending.COMPLETED);
        assertThat(next.entered()).isTrue();
        assertThat(leaving.entered()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Gate.Ending.class)
    void everyEndingGivesTheSlotBackToTheNextWaiterAndIsCountedByItsKind(Gate.Ending ending) {
        Gate gate = gate(LaneLimits.fixed(1, 1));
        SlotKeeper running = new SlotKeeper();
        SlotKeeper waiting = new SlotKeeper();
        gate.admit(running);
        gate.admit(waiting);

        gate.end(running.slot(), ending);
        assertThat(waiting.entered()).isTrue();
        gate.end(waiting.slot(), ending);

        assertThat(gate.running()).isZero();
        for (Gate.Ending kind : Gate.Ending.values()) {
            assertThat(ended(kind)).as(kind.name()).isEqualTo(kind == ending ? 2 : 0);
        }
    }

    @Test
    void anEndWithoutASlotIsCountedAndFreesNothing() {
        Gate gate = gate(LaneLimits.fixed(1, 1));
        SlotKeeper running = new SlotKeeper();
        SlotKeeper waiting = new SlotKeeper();
        gate.admit(running);
        gate.admit(waiting);

        // A request whose deadline passed in the queue: it never had a slot.
        gate.leave(waiting);
        gate.end(null, Gate.Ending.DEADLINE);

        assertThat(ended(Gate.Ending.DEADLINE)).isEqualTo(1);
        assertThat(gate.running()).isEqualTo(1);
    }

    @Test
    void aSlotGivenBackGoesToTheNextWaiterWithoutBeingCounted() {
        Gate gate = gate(LaneLimits.fixed(1, 1));
        SlotKeeper late = new SlotKeeper();
        SlotKeeper waiting = new SlotKeeper();
        gate.admit(late);
        gate.admit(waiting);

        gate.giveBack(late.slot());

        assertThat(waiting.entered()).isTrue();
        assertThat(gate.running()).isEqualTo(1);
        for (Gate.Ending kind : Gate.Ending.values()) {
            assertThat(ended(kind)).as(kind.name()).isZero();
        }
        gate.giveBack(waiting.slot());
        assertThat(gate.running()).isZero();
    }

    @Test
    void theLaneReportsItsRunningWaitingLimitAndRejectionsAsMeters() {
        Gate gate = gate(LaneLimits.fixed(2, 1));
        gate.admit(new SlotKeeper());
        gate.admit(new SlotKeeper());
        gate.admit(new SlotKeeper());
        gate.admit(new SlotKeeper());

        assertThat(gauge("offload.lane.running")).isEqualTo(2);
        assertThat(gauge("offload.lane.waiting")).isEqualTo(1);
        assertThat(gauge("offload.lane.limit")).isEqualTo(2);
        assertThat(gate.limit()).isEqualTo(2);
        assertThat(gate.rejected()).isEqualTo(1);
    }

    @Test
    void aDeadlineShrinksAnAdaptiveLimitAndACompletedRequestLetsItGrowBack() {
        int max = 10;
        Gate gate = gate(LaneLimits.adaptive(LanesConfig.LimitAlgorithm.AIMD, 1, max, LaneLimits.TEN_SECONDS));
        SlotKeeper late = new SlotKeeper();
        gate.admit(late);
        gate.end(late.slot(), Gate.Ending.DEADLINE);
        int shrunk = gate.limit();
        assertThat(shrunk).isLessThan(max);

        // Cancelled and failed requests say nothing about latency: the limit stays where it is.
        for (Gate.Ending silent : List.of(Gate.Ending.CANCELLED, Gate.Ending.FAILED)) {
            SlotKeeper keeper = new SlotKeeper();
            gate.admit(keeper);
            gate.end(keeper.slot(), silent);
            assertThat(gate.limit()).as(silent.name()).isEqualTo(shrunk);
        }

        // AIMD grows the limit on a success that arrived while at least half of it was in use.
        List<SlotKeeper> busy = new ArrayList<>();
        for (int i = 0; i < shrunk; i++) {
            SlotKeeper keeper = new SlotKeeper();
            gate.admit(keeper);
            busy.add(keeper);
        }
        gate.end(busy.getLast().slot(), Gate.Ending.COMPLETED);
        assertThat(gate.limit()).isEqualTo(shrunk + 1);
    }

    @Test
    void aSuccessSlowerThanHalfTheLanesTimeoutCountsAsADrop() throws InterruptedException {
        int max = 10;
        Duration timeout = Duration.ofMillis(200);
        Gate gate = gate(LaneLimits.adaptive(LanesConfig.LimitAlgorithm.AIMD, 1, max, timeout));
        SlotKeeper slow = new SlotKeeper();
        gate.admit(slow);

        // More than half the timeout, well under all of it.
        TimeUnit.MILLISECONDS.sleep(timeout.toMillis() * 3 / 4);
        gate.end(slow.slot(), Gate.Ending.COMPLETED);

        assertThat(gate.limit()).isLessThan(max);
    }

    @ParameterizedTest
    @EnumSource(LanesConfig.LimitAlgorithm.class)
    void eachAlgorithmStartsAtTheLanesMaximum(LanesConfig.LimitAlgorithm algorithm) {
        int max = 8;
        var limit = Gate.limitOf(LaneLimits.adaptive(algorithm, 2, max, LaneLimits.TEN_SECONDS));

        assertThat(limit.getLimit()).isEqualTo(max);
        assertThat(limit).isInstanceOf(switch (algorithm) {
            case FIXED -> FixedLimit.class;
            case AIMD -> AIMDLimit.class;
            case GRADIENT2 -> Gradient2Limit.class;
            case VEGAS -> VegasLimit.class;
        });
    }

    /**
     * {@code admit} finds no slot, then joins the queue: a slot freed between the two is seen by nobody but admit's
     * own look at the queue afterwards. Without it the waiter would wait for a slot that nobody is going to free.
     * The window is tiny, so this plays it many times, one request at a time, with the slot ended on another thread
     * as soon as it is granted; both threads wait busily, so that on two cores they meet within nanoseconds. Without
     * that look, the queue got stuck within a few hundred rounds.
     */
    @Test
    void aSlotFreedWhileARequestJoinsTheQueueIsStillHandedOn() throws InterruptedException {
        int rounds = 3_000;
        Gate gate = gate(LaneLimits.fixed(1, 1));
        Queue<Gate.Slot> granted = new ConcurrentLinkedQueue<>();
        AtomicInteger ended = new AtomicInteger();
        // A lost hand-off leaves a waiter stuck for ever; on a busy machine a spinning thread can lose its core for
        // a second or more (seen at a load average of 8), so "no progress" must last far longer than that.
        long patience = TimeUnit.SECONDS.toNanos(15);
        Thread ender = Thread.ofPlatform().start(() -> {
            long lastProgress = System.nanoTime();
            while (ended.get() < rounds && System.nanoTime() - lastProgress < patience) {
                Gate.Slot slot = granted.poll();
                if (slot == null) {
                    Thread.onSpinWait();
                    continue;
                }
                gate.end(slot, Gate.Ending.COMPLETED);
                ended.incrementAndGet();
                lastProgress = System.nanoTime();
            }
        });

        long lastProgress = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            // One at a time: the previous request holds the slot or is about to give it back.
            while (gate.waitingNow() > 0 && System.nanoTime() - lastProgress < patience) {
                Thread.onSpinWait();
            }
            if (gate.waitingNow() > 0) {
                break; // stuck: a waiter that nobody will hand a slot to
            }
            gate.admit(granted::add);
            lastProgress = System.nanoTime();
        }
        ender.join();

        assertThat(ended).as("requests that got their slot and ended").hasValue(rounds);
        assertThat(gate.running()).isZero();
        assertThat(gate.waitingNow()).isZero();
    }
}
