package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Lanes are configured by name, beside the door's own keys under the same prefix: a lane that the configuration
 * names gets what it says, any other name every default, and {@code retry-after} and {@code shed.*} are not taken
 * for lanes.
 */
class LanesConfigTest {

    static LanesConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(LanesConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(LanesConfig.class);
    }

    @Test
    void aNamedLaneGetsItsOwnValuesAndTheDefaultsForTheRest() {
        LanesConfig lanes = config(Map.of("offload.lanes.reports.max-concurrent", "3",
                "offload.lanes.reports.timeout", "750ms", "offload.lanes.reports.limit", "gradient2"));

        LanesConfig.LaneConfig reports = lanes.of("reports");
        assertThat(reports.maxConcurrent()).isEqualTo(3);
        assertThat(reports.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(reports.limit()).isEqualTo(LanesConfig.LimitAlgorithm.GRADIENT2);
        assertThat(reports.queue()).isEqualTo(64);
        assertThat(reports.minConcurrent()).isEqualTo(1);
    }

    @Test
    void aLaneNoConfigurationNamesGetsEveryDefault() {
        LanesConfig.LaneConfig adopted = config(Map.of()).of("adopted");

        assertThat(adopted.maxConcurrent()).isEqualTo(64);
        assertThat(adopted.queue()).isEqualTo(64);
        assertThat(adopted.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(adopted.limit()).isEqualTo(LanesConfig.LimitAlgorithm.FIXED);
    }

    @Test
    void theDoorsOwnKeysAreNotLanes() {
        LanesConfig lanes = config(Map.of("offload.lanes.calc.queue", "5", "offload.lanes.retry-after", "2s",
                "offload.lanes.shed.tarpit", "false", "offload.lanes.shed.before-routing", "false"));

        assertThat(lanes.named().keySet()).containsExactly("calc");
        assertThat(lanes.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(lanes.shed().tarpit()).isFalse();
        assertThat(lanes.shed().beforeRouting()).isFalse();
        assertThat(lanes.shed().closeConnection()).isFalse();
    }
}
