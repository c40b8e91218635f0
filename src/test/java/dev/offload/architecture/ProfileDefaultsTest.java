package dev.offload.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.offload.live.LiveConfig;
import dev.offload.observe.ObserveConfig;
import dev.offload.seed.SyncTaskConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * What the packaged service does by default (Quarkus' {@code prod} profile) against dev mode and the tests, read as
 * Quarkus reads it: {@code application.properties} under each profile, over the mappings' defaults. Every other test
 * runs in the test profile, so none of them would see a switch that the tests turn on left on in production too.
 */
class ProfileDefaultsTest {

    /** {@code application.properties} under {@code profile}, at the ordinal Quarkus gives it (250); add mappings. */
    static SmallRyeConfigBuilder applicationProperties(String profile) throws IOException {
        return new SmallRyeConfigBuilder().withProfile(profile)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(
                        ProfileDefaultsTest.class.getResource("/application.properties"), 250));
    }

    static SmallRyeConfig config(String profile) throws IOException {
        return applicationProperties(profile)
                .withMapping(ObserveConfig.class).withMapping(LiveConfig.class).withMapping(SyncTaskConfig.class)
                .build();
    }

    /** The detector costs CPU on every thread and a load is traffic the service sends itself: dev and test only. */
    @Test
    void theBlockingCallDetectorAndTheLiveLoadsAreOnInDevAndTestAndOffInProd() throws IOException {
        SmallRyeConfig prod = config("prod");
        assertThat(prod.getConfigMapping(ObserveConfig.class).blockingDetector().enabled())
                .as("the detector in prod").isFalse();
        assertThat(prod.getConfigMapping(LiveConfig.class).load().enabled()).as("the live loads in prod").isFalse();
        for (String profile : List.of("dev", "test")) {
            SmallRyeConfig config = config(profile);
            assertThat(config.getConfigMapping(ObserveConfig.class).blockingDetector().enabled())
                    .as("the detector in " + profile).isTrue();
            assertThat(config.getConfigMapping(LiveConfig.class).load().enabled())
                    .as("the live loads in " + profile).isTrue();
        }
    }

    /** The seed's 2 s and the documented 50 ms probe in production; the tests run faster. */
    @Test
    void syncTaskBlocksTwoSecondsAndTheLagProbeRunsEvery50MillisecondsButInTheTests() throws IOException {
        SmallRyeConfig prod = config("prod");
        assertThat(prod.getConfigMapping(SyncTaskConfig.class).delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(prod.getConfigMapping(ObserveConfig.class).lagProbeInterval()).isEqualTo(Duration.ofMillis(50));
        SmallRyeConfig test = config("test");
        assertThat(test.getConfigMapping(SyncTaskConfig.class).delay()).isEqualTo(Duration.ofMillis(300));
        assertThat(test.getConfigMapping(ObserveConfig.class).lagProbeInterval()).isEqualTo(Duration.ofMillis(5));
    }
}
