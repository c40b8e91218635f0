package dev.offload.calc;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Seed 003's {@code /calc} and {@code /compute} endpoints. */
@ConfigMapping(prefix = "offload.calc")
public interface CalcConfig {

    /**
     * The strategy {@code /calc/{x}} uses when the request names none (no {@code mode} query parameter,
     * no {@code X-Calc-Mode} header): {@code sync}, {@code async} or {@code auto}. Default {@code auto}.
     * As any Quarkus property, it can be set from the environment: {@code OFFLOAD_CALC_DEFAULT_MODE=async}.
     */
    @WithDefault("auto")
    String defaultMode();

    /** {@code auto} runs {@code sync} for x below this and {@code async} from it on. Default {@code 1000}. */
    @WithDefault("1000")
    long autoThreshold();

    /** The non-blocking wait of the async twin, the seed's {@code asyncio.sleep(0.01)}. Default {@code 10ms}. */
    @WithDefault("10ms")
    Duration asyncDelay();
}
