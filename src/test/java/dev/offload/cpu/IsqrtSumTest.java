package dev.offload.cpu;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

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
}
