package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A lane's key names it everywhere, and reads back to the same lane. */
class LaneTest {

    @ParameterizedTest
    @EnumSource(Lane.class)
    void eachKeyReadsBackToItsLane(Lane lane) {
        assertThat(Lane.of(lane.key())).isSameAs(lane);
    }

    @Test
    void keysAreTheNamesUsedInConfigurationAndMetrics() {
        assertThat(Lane.CPU_POOL.key()).isEqualTo("cpu-pool").isEqualTo(Lane.Keys.CPU_POOL);
        assertThat(Lane.RUN_IN_THREADPOOL.key()).isEqualTo("run-in-threadpool");
    }

    @Test
    void anUnknownKeyIsNoLane() {
        assertThatThrownBy(() -> Lane.of("cpu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no lane named cpu");
    }
}
