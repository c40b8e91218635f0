package dev.offload.cpu;

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

    /** {@code sum(math.isqrt(i) for i in range(from, to))}, for {@code 0 <= from <= to <= LARGEST_N}. */
    public static long over(long from, long to) {
        long sum = 0;
        for (long i = from; i < to; i++) {
            sum += isqrt(i);
        }
        return sum;
    }

    /** Python's {@code math.isqrt}: the largest r with r*r <= value, for 0 <= value < 2^62. */
    static long isqrt(long value) {
        long root = (long) Math.sqrt(value);
        // Math.sqrt rounds correctly, but the conversion from long to double may not be exact above 2^53.
        while (root * root > value) {
            root--;
        }
        while ((root + 1) * (root + 1) <= value) {
            root++;
        }
        return root;
    }
}
