package dev.offload.calc;

import java.math.BigInteger;

/**
 * Seed 003's logic unit, {@code x ** 2 + x}, with Python's integers: exact for every 64-bit {@code x},
 * growing past 64 bits where it must (for x = 3037000500 the square already overflows a {@code long}).
 * One function; the strategies and endpoints only choose where it runs.
 */
public final class SquarePlus {

    private SquarePlus() {
    }

    public static BigInteger of(long x) {
        BigInteger big = BigInteger.valueOf(x);
        return big.multiply(big).add(big);
    }
}
