package dev.offload.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import dev.offload.door.CpuPool;
import dev.offload.where.RanOn;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * {@link IsqrtSum} over {@code range(n)}, cut into one slice per CPU-pool thread and summed when all slices are
 * done. Nothing waits for the slices: the result is emitted on the pool thread that finishes last. Cancelling the
 * request interrupts the slices still running, which stop within a few milliseconds.
 */
@Startup
@Singleton
public class SplitSum {

    /** Below this many numbers per slice, splitting costs more than it saves. */
    static final long SMALLEST_SLICE = 1 << 16;

    private final CpuPool pool;

    SplitSum(CpuPool pool, CpuConfig config) {
        this.pool = pool;
        // Checked at start-up, so a bad configuration stops the application instead of failing requests.
        if (config.maxN() < 0 || config.maxN() > IsqrtSum.LARGEST_N) {
            throw new IllegalArgumentException("offload.cpu.max-n must be between 0 and " + IsqrtSum.LARGEST_N
                    + " (the sum must fit a long), was " + config.maxN());
        }
        if (config.defaultN() < 0 || config.defaultN() > config.maxN()) {
            throw new IllegalArgumentException("offload.cpu.default-n must be between 0 and offload.cpu.max-n ("
                    + config.maxN() + "), was " + config.defaultN());
        }
    }

    /**
     * @param result {@code sum(math.isqrt(i) for i in range(n))}
     * @param slices how many slices the range was cut into
     * @param workers the thread that computed each slice, in the order of the slices (a thread that finished its
     *        slice early may have taken another one too)
     */
    public record Summed(long result, int slices, List<RanOn> workers) {
    }

    /** What one slice computed, and where. */
    public record Slice(long sum, RanOn ranOn) {
    }

    /** How many slices {@code range(n)} is cut into. */
    int slicesFor(long n) {
        return (int) Math.max(1, Math.min(pool.size(), n / SMALLEST_SLICE));
    }

    /**
     * For {@code 0 <= n <= IsqrtSum.LARGEST_N}.
     *
     * @param onCpu runs one slice's computation where it belongs (the CPU pool) and emits its result
     */
    public Uni<Summed> sumOfIsqrtBelow(long n, Function<Supplier<Slice>, Uni<Slice>> onCpu) {
        int slices = slicesFor(n);
        List<Uni<Slice>> parts = new ArrayList<>(slices);
        for (int k = 0; k < slices; k++) {
            long from = n * k / slices;
            long to = n * (k + 1) / slices;
            // Like a ProcessPoolExecutor's function, a slice gets its arguments and nothing else.
            parts.add(onCpu.apply(() -> new Slice(IsqrtSum.over(from, to), RanOn.here())));
        }
        return Uni.join().all(parts).andFailFast().map(SplitSum::total);
    }

    static Summed total(List<Slice> done) {
        return new Summed(done.stream().mapToLong(Slice::sum).sum(), done.size(),
                done.stream().map(Slice::ranOn).toList());
    }
}
