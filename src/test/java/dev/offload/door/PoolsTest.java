package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/** The door's own pools: named daemon threads, and a bound on running plus waiting tasks kept without a lock. */
class PoolsTest {

    /** A pool that runs nothing until the test says so, so the bound can be watched task by task. */
    static final class HandRun extends AbstractExecutorService {
        final List<Runnable> queued = new ArrayList<>();
        boolean shutDown;
        boolean refuses;

        void runNext() {
            queued.removeFirst().run();
        }

        @Override
        public void execute(Runnable task) {
            if (refuses) {
                throw new RejectedExecutionException("shut down");
            }
            queued.add(task);
        }

        @Override
        public void shutdown() {
            shutDown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutDown = true;
            List<Runnable> never = List.copyOf(queued);
            queued.clear();
            return never;
        }

        @Override
        public boolean isShutdown() {
            return shutDown;
        }

        @Override
        public boolean isTerminated() {
            return shutDown && queued.isEmpty();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return isTerminated();
        }
    }

    @Test
    void aTaskOfAFixedPoolFindsNoTraceAnEarlierTaskLeftInTheMdc() throws Exception {
        ThreadPoolExecutor pool = Pools.fixed(1, "pools-test-");
        try {
            // One thread: the second task runs where the first left its trace and its own key.
            pool.submit(() -> {
                Pools.TRACE_KEYS.forEach(key -> MDC.put(key, "left-by-the-first"));
                MDC.put("kept", "not a trace key");
            }).get(10, TimeUnit.SECONDS);
            List<Object> seen = pool.submit(() -> {
                List<Object> values = new ArrayList<>();
                Pools.TRACE_KEYS.forEach(key -> values.add(MDC.get(key)));
                values.add(MDC.get("kept"));
                return values;
            }).get(10, TimeUnit.SECONDS);

            assertThat(seen.subList(0, Pools.TRACE_KEYS.size())).containsOnlyNulls();
            assertThat(seen.getLast()).as("only the trace's keys are removed").isEqualTo("not a trace key");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBoundedPoolRefusesTheTaskBeyondItsLimitUntilOneFinishes() {
        HandRun pool = new HandRun();
        ExecutorService bounded = Pools.bounded(pool, 2);
        AtomicInteger ran = new AtomicInteger();

        bounded.execute(ran::incrementAndGet);
        bounded.execute(ran::incrementAndGet);
        assertThatThrownBy(() -> bounded.execute(ran::incrementAndGet))
                .isInstanceOf(RejectedExecutionException.class).hasMessage("all 2 places are taken");

        pool.runNext();
        bounded.execute(ran::incrementAndGet);
        assertThat(pool.queued).hasSize(2);
        assertThatThrownBy(() -> bounded.execute(ran::incrementAndGet)).isInstanceOf(RejectedExecutionException.class);
        pool.runNext();
        pool.runNext();
        assertThat(ran).hasValue(3);
    }

    @Test
    void aTaskThatFailsStillFreesItsPlace() {
        HandRun pool = new HandRun();
        ExecutorService bounded = Pools.bounded(pool, 1);
        bounded.execute(() -> {
            throw new IllegalStateException("a bug");
        });

        assertThatThrownBy(pool::runNext).isInstanceOf(IllegalStateException.class);
        bounded.execute(() -> {
        });
        assertThat(pool.queued).hasSize(1);
    }

    @Test
    void aTaskTheUnderlyingPoolRefusesGivesItsPlaceBack() {
        HandRun pool = new HandRun();
        ExecutorService bounded = Pools.bounded(pool, 1);
        pool.refuses = true;

        assertThatThrownBy(() -> bounded.execute(() -> {
        })).hasMessage("shut down");
        assertThatThrownBy(() -> bounded.execute(() -> {
        })).as("the pool's own refusal again, not the bound's").hasMessage("shut down");
    }

    @Test
    void aBoundedPoolShutsDownThePoolItWraps() throws InterruptedException {
        HandRun pool = new HandRun();
        ExecutorService bounded = Pools.bounded(pool, 2);
        bounded.execute(() -> {
        });
        assertThat(bounded.isShutdown()).isFalse();
        assertThat(bounded.isTerminated()).isFalse();
        assertThat(bounded.awaitTermination(1, TimeUnit.MILLISECONDS)).isFalse();

        List<Runnable> neverRun = bounded.shutdownNow();

        assertThat(neverRun).hasSize(1);
        assertThat(pool.isShutdown()).isTrue();
        assertThat(bounded.isShutdown()).isTrue();
        assertThat(bounded.isTerminated()).isTrue();
        assertThat(bounded.awaitTermination(1, TimeUnit.MILLISECONDS)).isTrue();

        HandRun other = new HandRun();
        Pools.bounded(other, 1).shutdown();
        assertThat(other.isShutdown()).isTrue();
    }

    @Test
    void aFixedPoolRunsItsTasksOnNamedDaemonPlatformThreads() throws Exception {
        ThreadPoolExecutor pool = Pools.fixed(2, "pools-test-");
        try {
            assertThat(pool.getCorePoolSize()).isEqualTo(2);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
            Thread worker = pool.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            assertThat(worker.getName()).isEqualTo("pools-test-1");
            assertThat(worker.isDaemon()).isTrue();
            assertThat(worker.isVirtual()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
