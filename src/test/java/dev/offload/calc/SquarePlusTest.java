package dev.offload.calc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/**
 * {@code x*x + x} is exact for every 64-bit x, as Python's int is: checked at the edges and for 20,000 random longs
 * from a fixed seed, so a failure replays.
 */
class SquarePlusTest {

    static final long SEED = 20261124L;

    /** The edges of a long and of its square, then random longs of every size. */
    static LongStream xs() {
        SplittableRandom random = new SplittableRandom(SEED);
        LongStream edges = LongStream.of(0, 1, -1, 2, -2, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1,
                Long.MIN_VALUE + 1, 3_037_000_499L, 3_037_000_500L, -3_037_000_499L, -3_037_000_500L,
                Integer.MAX_VALUE, Integer.MIN_VALUE);
        // Half of any size, half shifted down to a random number of bits, so small values are as common as large.
        LongStream randoms = LongStream.range(0, 20_000).map(i -> i % 2 == 0 ? random.nextLong()
                : random.nextLong() >> random.nextInt(64));
        return LongStream.concat(edges, randoms);
    }

    @Test
    void equalsXTimesXPlusOneForEveryLong() {
        xs().forEach(x -> {
            // x*(x+1) is the same number written another way; BigInteger keeps every digit of it.
            BigInteger expected = BigInteger.valueOf(x).multiply(BigInteger.valueOf(x).add(BigInteger.ONE));
            assertThat(SquarePlus.of(x)).as("x = %d", x).isEqualTo(expected);
        });
    }

    @Test
    void agreesWithLongArithmeticWhereThatDoesNotOverflow() {
        xs().forEach(x -> {
            try {
                long inLongs = Math.addExact(Math.multiplyExact(x, x), x);
                assertThat(SquarePlus.of(x)).as("x = %d", x).isEqualTo(BigInteger.valueOf(inLongs));
            } catch (ArithmeticException overflow) {
                assertThat(SquarePlus.of(x).bitLength()).as("x = %d", x).isGreaterThanOrEqualTo(63);
            }
        });
    }

    @Test
    void theFirstXWhoseSquareOverflowsALong() {
        assertThat(SquarePlus.of(3_037_000_499L)).isEqualTo(new BigInteger("9223372033963249500"));
        assertThat(SquarePlus.of(3_037_000_500L)).isEqualTo(new BigInteger("9223372040037250500"));
    }
}
