package dev.offload.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.offload.door.CpuPool;
import dev.offload.door.PlainDoor;
import dev.offload.where.RanOn;
import io.smallrye.mutiny.Uni;

/** The sum cut into one slice per CPU-pool thread, and put back together exactly. */
class SplitSumTest {

    static final int THREADS = 4;
    static final Duration PATIENCE = Duration.ofSeconds(10);

    record Limits(long defaultN, long maxN) implements CpuConfig {
    }

    static CpuPool pool;
    static SplitSum splitSum;

    @BeforeAll
    static void startPool() {
        pool = PlainDoor.cpuPool(THREADS);
        splitSum = new SplitSum(pool, new Limits(10, 1_000_000));
    }

    @AfterAll
    static void stopPool() {
        PlainDoor.shutDown(pool);
    }

    @Test
    void theTotalAddsTheSlicesAndNamesTheThreadOfEachSliceInOrder() {
        RanOn first = new RanOn("offload-cpu-1", false, false);
        RanOn second = new RanOn("offload-cpu-2", false, false);

        SplitSum.Summed summed = SplitSum.total(List.of(new SplitSum.Slice(10, second), new SplitSum.Slice(20, first),
                new SplitSum.Slice(5, second)));

        assertThat(summed.result()).isEqualTo(35);
        assertThat(summed.slices()).isEqualTo(3);
        assertThat(summed.workers()).containsExactly(second, first, second);
    }

    @ParameterizedTest
    @CsvSource({ "0, 1", "65535, 1", "131071, 1", "131072, 2", "262144, 4", "100000000, 4" })
    void aRangeIsCutIntoSlicesOfAtLeastTheSmallestSizeAndNoMoreThanThePoolHasThreads(long n, int slices) {
        assertThat(splitSum.slicesFor(n)).isEqualTo(slices);
    }

    @ParameterizedTest
    @CsvSource({ "0, 0, 1", "1000, 20584, 1", "1234567, 913876381, 4" })
    void theSlicesAddUpToPythonsSum(long n, long pythonsSum, int slices) {
        // sum(math.isqrt(i) for i in range(n)) in CPython 3.11
        SplitSum.Summed summed = splitSum.sumOfIsqrtBelow(n, onThePool()).await().atMost(PATIENCE);

        assertThat(summed.result()).isEqualTo(pythonsSum);
        assertThat(summed.slices()).isEqualTo(slices);
        assertThat(summed.workers()).isNotEmpty().allSatisfy(worker -> {
            assertThat(worker.thread()).startsWith("offload-cpu-");
            assertThat(worker.eventLoop()).isFalse();
        });
    }

    @Test
    void anUnevenRangeLosesNoNumberBetweenItsSlices() {
        long n = 3 * SplitSum.SMALLEST_SLICE + 7;

        SplitSum.Summed summed = splitSum.sumOfIsqrtBelow(n, onThePool()).await().atMost(PATIENCE);

        assertThat(summed.slices()).isEqualTo(3);
        assertThat(summed.result()).isEqualTo(IsqrtSum.over(0, n));
    }

    @Test
    void aMaxNFromZeroToTheLargestExactSumIsAccepted() {
        assertThatCode(() -> new SplitSum(pool, new Limits(0, 0))).doesNotThrowAnyException();
        assertThatCode(() -> new SplitSum(pool, new Limits(IsqrtSum.LARGEST_N, IsqrtSum.LARGEST_N)))
                .doesNotThrowAnyException();
    }

    @Test
    void aMaxNOutsideZeroToTheLargestExactSumStopsTheStart() {
        assertThatThrownBy(() -> new SplitSum(pool, new Limits(0, -1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offload.cpu.max-n must be between 0 and 4000000000000 (the sum must fit a long), was -1");
        assertThatThrownBy(() -> new SplitSum(pool, new Limits(0, IsqrtSum.LARGEST_N + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offload.cpu.max-n");
    }

    @Test
    void aDefaultNOutsideZeroToMaxNStopsTheStart() {
        assertThatThrownBy(() -> new SplitSum(pool, new Limits(-1, 100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offload.cpu.default-n must be between 0 and offload.cpu.max-n (100), was -1");
        assertThatThrownBy(() -> new SplitSum(pool, new Limits(101, 100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offload.cpu.default-n");
        assertThatCode(() -> new SplitSum(pool, new Limits(100, 100))).doesNotThrowAnyException();
    }

    /** Each slice on the pool, as the endpoint sends it (there through the door, which these tests leave out). */
    private Function<Supplier<SplitSum.Slice>, Uni<SplitSum.Slice>> onThePool() {
        return slice -> Uni.createFrom().item(slice).runSubscriptionOn(pool.executor());
    }
}
