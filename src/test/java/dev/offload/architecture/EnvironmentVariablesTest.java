package dev.offload.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.offload.calc.CalcConfig;
import dev.offload.cpu.CpuConfig;
import dev.offload.door.LanesConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;

/**
 * Every key can be set as an environment variable, over {@code application.properties}, as Quarkus reads them (the
 * environment's ordinal, 300, above the file's 250): a plain key, the calc strategy the README names, and a lane's key,
 * whose lane name holds a dash. No break of main: this pins MicroProfile Config's rule down for our keys, so a change
 * of the library or of how a key is named fails it.
 */
class EnvironmentVariablesTest {

    static SmallRyeConfig config(Map<String, String> environment) throws IOException {
        return ProfileDefaultsTest.applicationProperties("prod")
                .withMapping(CpuConfig.class).withMapping(CalcConfig.class).withMapping(LanesConfig.class)
                .withSources(new EnvConfigSource(environment, 300))
                .build();
    }

    @Test
    void anEnvironmentVariableSetsTheKeyItNames() throws IOException {
        SmallRyeConfig config = config(Map.of("OFFLOAD_CPU_MAX_N", "5000", "OFFLOAD_CALC_DEFAULT_MODE", "async",
                "OFFLOAD_LANES_SYNC_ROUTE_MAX_CONCURRENT", "3"));

        assertThat(config.getConfigMapping(CpuConfig.class).maxN()).isEqualTo(5000);
        assertThat(config.getConfigMapping(CalcConfig.class).defaultMode()).isEqualTo("async");
        assertThat(config.getConfigMapping(LanesConfig.class).of("sync-route").maxConcurrent()).isEqualTo(3);
    }
}
