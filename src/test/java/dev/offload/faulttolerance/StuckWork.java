package dev.offload.faulttolerance;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.offload.where.RanOn;

/**
 * Test-only work that blocks until the test lets it go, so a test decides when it ends and sees, by counts and
 * orderings rather than a clock, whether it was interrupted and when it really stopped.
 */
final class StuckWork {

    static volatile CountDownLatch release = new CountDownLatch(1);
    static final AtomicInteger STARTED = new AtomicInteger();
    static final AtomicInteger INTERRUPTED = new AtomicInteger();
    static final AtomicInteger FINISHED = new AtomicInteger();
    /** The thread each piece of work ran on, in the order they started. */
    static final List<RanOn> THREADS = new CopyOnWriteArrayList<>();

    private StuckWork() {
    }

    static void reset() {
        release.countDown();
        release = new CountDownLatch(1);
        STARTED.set(0);
        INTERRUPTED.set(0);
        FINISHED.set(0);
        THREADS.clear();
    }

    /**
     * Waits for {@link #release}. An interrupt is counted; then the work stops ({@code ignoreInterrupts} false, as
     * syncTask does) or waits on regardless, as code that swallows an interrupt would.
     */
    static String run(boolean ignoreInterrupts) {
        CountDownLatch mine = release;
        THREADS.add(RanOn.here());
        STARTED.incrementAndGet();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    mine.await();
                    break;
                } catch (InterruptedException e) {
                    INTERRUPTED.incrementAndGet();
                    interrupted = true;
                    if (!ignoreInterrupts) {
                        throw new CancellationException("stuck work interrupted");
                    }
                }
            }
            return "released";
        } finally {
            FINISHED.incrementAndGet();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
