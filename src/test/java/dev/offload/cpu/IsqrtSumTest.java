package dev.offload.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class IsqrtSumTest {

    @Test
    void isqrtIsExactAroundEveryPerfectSquare() {
        for (long root = 0; root < 200_000; root++) {
            long square = root * root;
            assertThat(IsqrtSum.isqrt(square)).isEqualTo(root);
            if (square > 0) {
                assertThat(IsqrtSum.isqrt(square - 1)).isEqualTo(root - 1);
            }
        }
    }

    @Test
    void isqrtMatchesBigIntegerForLargeValues() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long value = random.nextLong(0, i % 2 == 0 ? IsqrtSum.EXACT_BELOW : 1L << 62);
            assertThat(IsqrtSum.isqrt(value)).isEqualTo(BigInteger.valueOf(value).sqrt().longValueExact());
        }
        long largestRoot = 2_147_483_647L; // isqrt(2^62 - 1)
        assertThat(IsqrtSum.isqrt((1L << 62) - 1)).isEqualTo(largestRoot);
    }

    @Test
    void theFastPathIsExactAroundLargePerfectSquaresBelowItsBound() {
        long largestRoot = (long) Math.sqrt(IsqrtSum.EXACT_BELOW - 1);
        for (long root = largestRoot - 100_000; root <= largestRoot; root++) {
            long square = root * root;
            assertThat(IsqrtSum.isqrt(square - 1)).isEqualTo(root - 1);
            assertThat(IsqrtSum.isqrt(square)).isEqualTo(root);
            assertThat(IsqrtSum.isqrt(square + 2 * root)).isEqualTo(root); // (root+1)^2 - 1
        }
    }

    @Test
    void matchesPythonsSum() {
        // sum(math.isqrt(i) for i in range(n)) in CPython 3.11
        assertThat(IsqrtSum.over(0, 1000)).isEqualTo(20_584L);
        assertThat(IsqrtSum.over(0, 1_234_567)).isEqualTo(913_876_381L);
        assertThat(IsqrtSum.over(0, 0)).isZero();
    }

    @Test
    void slicesAddUpToTheWhole() {
        long n = 1_234_567;
        assertThat(IsqrtSum.over(0, 500_000) + IsqrtSum.over(500_000, n)).isEqualTo(IsqrtSum.over(0, n));
    }

    @Test
    void theFastPathEndsExactlyAtItsBound() {
        long root = 1L << 25; // sqrt(2^50)
        assertThat(IsqrtSum.isqrt(IsqrtSum.EXACT_BELOW - 1)).isEqualTo(root - 1);
        assertThat(IsqrtSum.isqrt(IsqrtSum.EXACT_BELOW)).isEqualTo(root);
        assertThat(IsqrtSum.isqrt(IsqrtSum.EXACT_BELOW + 1)).isEqualTo(root);
    }

    /**
     * Between 2^52 and 2^62 the double's square root of (k+1)^2 - 1 rounds up to k + 1: the correction must bring it
     * back to k, without overshooting at k^2 itself. Checked around every power of two there, and at the top.
     */
    @Test
    void aRootTheDoubleRoundsUpIsCorrectedAroundEveryPowerOfTwoFrom2To50To2To62() {
        for (int power = 50; power < 62; power++) {
            long near = (long) Math.sqrt((double) (1L << power));
            for (long k = near - 1000; k <= near + 1000; k++) {
                long justBelowNextSquare = (k + 1) * (k + 1) - 1;
                assertThat(IsqrtSum.isqrt(k * k - 1)).as("(%d^2) - 1", k).isEqualTo(k - 1);
                assertThat(IsqrtSum.isqrt(k * k)).as("%d^2", k).isEqualTo(k);
                assertThat(IsqrtSum.isqrt(justBelowNextSquare)).as("(%d+1)^2 - 1", k).isEqualTo(k);
            }
        }
        long k = (1L << 31) - 2; // (k+1)^2 - 1 is the largest such value below 2^62
        long justBelowNextSquare = (k + 1) * (k + 1) - 1;
        assertThat((long) Math.sqrt(justBelowNextSquare)).as("the double alone is wrong here").isEqualTo(k + 1);
        assertThat(IsqrtSum.isqrt(justBelowNextSquare)).isEqualTo(k);
    }

    @Test
    void anInterruptedThreadStopsBeforeItsNextChunkAndKeepsItsFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> IsqrtSum.over(7, 1000)).isInstanceOf(CancellationException.class)
                    .hasMessage("the isqrt sum was interrupted at 7");
            assertThat(Thread.currentThread().isInterrupted()).as("the flag stays set for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anEmptyRangeHasNoChunkToStopSoItIsZeroEvenWhenInterrupted() {
        Thread.currentThread().interrupt();
        try {
            assertThat(IsqrtSum.over(5, 5)).isZero();
            assertThat(IsqrtSum.over(IsqrtSum.INTERRUPT_CHECK_EVERY, IsqrtSum.INTERRUPT_CHECK_EVERY)).isZero();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptWhileSummingIsSeenAtTheStartOfTheNextChunk() throws Exception {
        long from = 7;
        AtomicReference<Throwable> stopped = new AtomicReference<>();
        // Hours of work: only the interrupt ends it.
        Thread summing = Thread.ofPlatform().start(() -> {
            try {
                IsqrtSum.over(from, IsqrtSum.LARGEST_N);
            } catch (Throwable failure) {
                stopped.set(failure);
            }
        });
        TimeUnit.MILLISECONDS.sleep(50);
        summing.interrupt();

        assertThat(summing.join(Duration.ofSeconds(5))).as("stopped within seconds").isTrue();
        assertThat(stopped.get()).isInstanceOf(CancellationException.class).satisfies(failure -> {
            long at = Long.parseLong(failure.getMessage().replace("the isqrt sum was interrupted at ", ""));
            assertThat((at - from) % IsqrtSum.INTERRUPT_CHECK_EVERY).isZero();
        });
    }
}
