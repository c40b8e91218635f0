package dev.offload.calc;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code x*x + x} is exact for every 64-bit x, as Python's int is. */
class SquarePlusTest {

    @Property(tries = 10_000)
    void equalsXTimesXPlusOneForEveryLong(@ForAll long x) {
        // x*(x+1) is the same number written another way; BigInteger keeps every digit of it.
        BigInteger expected = BigInteger.valueOf(x).multiply(BigInteger.valueOf(x).add(BigInteger.ONE));
        assertThat(SquarePlus.of(x)).isEqualTo(expected);
    }

    @Property(tries = 10_000)
    void agreesWithLongArithmeticWhereThatDoesNotOverflow(@ForAll long x) {
        try {
            long inLongs = Math.addExact(Math.multiplyExact(x, x), x);
            assertThat(SquarePlus.of(x)).isEqualTo(BigInteger.valueOf(inLongs));
        } catch (ArithmeticException overflow) {
            assertThat(SquarePlus.of(x).bitLength()).isGreaterThanOrEqualTo(63);
        }
    }

    @Example
    void theFirstXWhoseSquareOverflowsALong() {
        assertThat(SquarePlus.of(3_037_000_499L)).isEqualTo(new BigInteger("9223372033963249500"));
        assertThat(SquarePlus.of(3_037_000_500L)).isEqualTo(new BigInteger("9223372040037250500"));
    }
}
