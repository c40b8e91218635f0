package dev.offload.cpu;

import dev.offload.where.RanOn;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link IsqrtSum} over {@code range(n)}, cut into one slice per CPU-pool thread and summed when all
 * slices are done. Nothing waits for the slices: the returned future completes on the pool thread that
 * finishes last.
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

    /** For {@code 0 <= n <= IsqrtSum.LARGEST_N}. */
    public CompletableFuture<Summed> sumOfIsqrtBelow(long n) {
        int slices = (int) Math.max(1, Math.min(pool.size(), n / SMALLEST_SLICE));
        List<CompletableFuture<Slice>> parts = new ArrayList<>(slices);
        for (int k = 0; k < slices; k++) {
            long from = n * k / slices;
            long to = n * (k + 1) / slices;
            parts.add(pool.submit(() -> new Slice(IsqrtSum.over(from, to), RanOn.here())));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            long total = 0;
            for (CompletableFuture<Slice> part : parts) {
                total += part.join().sum();
            }
            List<RanOn> workers = parts.stream().map(part -> part.join().ranOn()).distinct()
                    .sorted(Comparator.comparing(RanOn::thread)).toList();
            return new Summed(total, slices, workers);
        });
    }
}
