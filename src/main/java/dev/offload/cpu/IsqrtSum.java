package dev.offload.cpu;

import java.util.concurrent.CancellationException;

/**
 * The seed's CPU-heavy function, {@code sum(math.isqrt(i) for i in range(n))}, over a slice of the range
 * so that slices can run on several cores. It computes each integer square root, as the seed does,
 * rather than a closed form: the point is to keep a core busy.
 */
public final class IsqrtSum {

    /**
     * The largest {@code n} whose sum fits in a {@code long}: the sum is about (2/3)·n^1.5, so
     * n = 4·10^12 gives about 5.3·10^18, below {@link Long#MAX_VALUE}.
     */
    public static final long LARGEST_N = 4_000_000_000_000L;

    private IsqrtSum() {
    }

    /** How many numbers to sum between two looks at the thread's interrupt flag: about a millisecond. */
    static final long INTERRUPT_CHECK_EVERY = 1 << 20;

    /**
     * {@code sum(math.isqrt(i) for i in range(from, to))}, for {@code 0 <= from <= to <= LARGEST_N}.
     *
     * @throws CancellationException if the thread is interrupted meanwhile (a deadline, a client that hung
     *         up); the interrupt flag stays set
     */
    public static long over(long from, long to) {
        long sum = 0;
        for (long start = from; start < to; start += INTERRUPT_CHECK_EVERY) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("the isqrt sum was interrupted at " + start);
            }
            long end = Math.min(to, start + INTERRUPT_CHECK_EVERY);
            for (long i = start; i < end; i++) {
                sum += isqrt(i);
            }
        }
        return sum;
    }

    /**
     * Below this, {@code (long) Math.sqrt(value)} is already exact: the long converts to a double without
     * loss, {@code Math.sqrt} rounds correctly, and the distance from sqrt(k^2 - 1) to k (about 1/2k) is far
     * more than half a unit in the last place of k, so the rounding never reaches the next integer.
     */
    static final long EXACT_BELOW = 1L << 50;

    /** Python's {@code math.isqrt}: the largest r with r*r <= value, for 0 <= value < 2^62. */
    static long isqrt(long value) {
        if (value < EXACT_BELOW) {
            return (long) Math.sqrt(value);
        }
        long root = (long) Math.sqrt(value);
        // Above 2^50 the double may round up to the next integer (and above 2^53 the conversion loses bits).
        while (root * root > value) {
            root--;
        }
        while ((root + 1) * (root + 1) <= value) {
            root++;
        }
        return root;
    }
}
