package dev.offload.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A park of an event loop inside the virtual-thread scheduler's lock is the JDK's machinery, not a blocking call of the
 * code the loop runs: the detector does not report it. Any other park is reported. The stack is the one CI saw (on a
 * busy machine, while a request was dispatched to {@code @RunOnVirtualThread}): a loop that reported it failed
 * {@code TurnedAwayInTheFilterTest} through {@code EventLoopNeverBlocks}.
 */
class VirtualThreadSchedulerNoiseTest {

    static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";

    /** Innermost first, as JFR records it, down to where Quarkus REST dispatches the request. */
    static final List<String> STARTING_A_VIRTUAL_THREAD = List.of(
            "jdk.internal.misc.Unsafe.park",
            "java.util.concurrent.locks.LockSupport.parkNanos",
            "java.util.concurrent.ForkJoinPool.spinLockRunState",
            "java.util.concurrent.ForkJoinPool.lockRunState",
            "java.util.concurrent.ForkJoinPool.submissionQueue",
            "java.util.concurrent.ForkJoinPool.poolSubmit",
            "java.util.concurrent.ForkJoinPool.execute",
            "java.lang.VirtualThread.submitRunContinuation",
            "java.lang.VirtualThread.externalSubmitRunContinuationOrThrow",
            "java.lang.VirtualThread.start",
            "java.util.concurrent.ThreadPerTaskExecutor.execute",
            "io.quarkus.virtual.threads.ContextPreservingExecutorService.execute",
            "org.jboss.resteasy.reactive.common.core.AbstractResteasyReactiveContext.run");

    @Test
    void theSchedulersLockWhileAVirtualThreadIsSubmittedIsNotReported() {
        assertThat(BlockingCallDetector.isTheVirtualThreadSchedulersLock(FORK_JOIN_POOL, STARTING_A_VIRTUAL_THREAD))
                .isTrue();
    }

    @Test
    void aParkOnAnythingElseUnderTheSameStackIsReported() {
        assertThat(BlockingCallDetector.isTheVirtualThreadSchedulersLock(
                "java.util.concurrent.locks.ReentrantLock$NonfairSync", STARTING_A_VIRTUAL_THREAD)).isFalse();
        assertThat(BlockingCallDetector.isTheVirtualThreadSchedulersLock(null, STARTING_A_VIRTUAL_THREAD)).isFalse();
    }

    @Test
    void aForkJoinPoolParkOutsideTheVirtualThreadsSubmissionIsReported() {
        // Waiting on the common pool from a loop (a parallel stream's join, say) parks on a ForkJoinPool too.
        List<String> joining = List.of("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.ForkJoinPool.awaitWork", "java.util.concurrent.ForkJoinPool.runWorker");
        assertThat(BlockingCallDetector.isTheVirtualThreadSchedulersLock(FORK_JOIN_POOL, joining)).isFalse();
    }
}
