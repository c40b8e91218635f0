package dev.offload.cpu;

import dev.offload.limits.Offload;
import dev.offload.where.RanOn;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link IsqrtSum} over {@code range(n)}, cut into one slice per CPU-pool thread and summed when all
 * slices are done. Nothing waits for the slices: the result is emitted on the pool thread that finishes
 * last. Cancelling it interrupts the slices still running, which stop within a few milliseconds.
 */
@Singleton
public class SplitSum {

    /** Below this many numbers per slice, splitting costs more than it saves. */
    static final long SMALLEST_SLICE = 1 << 16;

    private final CpuPool pool;

    SplitSum(CpuPool pool) {
        this.pool = pool;
    }

    /**
     * @param result  {@code sum(math.isqrt(i) for i in range(n))}
     * @param slices  how many slices the range was cut into
     * @param workers the distinct threads that computed the slices, by name
     */
    public record Summed(long result, int slices, List<RanOn> workers) {
    }

    private record Slice(long sum, RanOn ranOn) {
    }

    /** For {@code 0 <= n <= IsqrtSum.LARGEST_N}; each slice is submitted through {@code cancellation}. */
    public Uni<Summed> sumOfIsqrtBelow(long n, Offload.Cancellation cancellation) {
        int slices = (int) Math.max(1, Math.min(pool.size(), n / SMALLEST_SLICE));
        List<Uni<Slice>> parts = new ArrayList<>(slices);
        for (int k = 0; k < slices; k++) {
            long from = n * k / slices;
            long to = n * (k + 1) / slices;
            parts.add(Offload.submit(pool.executor(), () -> new Slice(IsqrtSum.over(from, to), RanOn.here()),
                    cancellation));
        }
        return Uni.join().all(parts).andFailFast().map(done -> new Summed(
                done.stream().mapToLong(Slice::sum).sum(), slices,
                done.stream().map(Slice::ranOn).distinct().sorted(Comparator.comparing(RanOn::thread)).toList()));
    }
}
