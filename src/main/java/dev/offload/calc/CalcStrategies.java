package dev.offload.calc;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;

/**
 * Seed 003's scheme 2, strategy by dependency injection: every {@link CalcStrategy} bean is found through
 * CDI, and each request gets the one its query, its header or the configuration names, in that order.
 */
@Startup
@Singleton
public class CalcStrategies {

    /** The request header that picks a strategy when the query names none. */
    public static final String HEADER = "X-Calc-Mode";

    /** The query parameter that picks a strategy. */
    public static final String QUERY = "mode";

    private final Map<Mode, CalcStrategy> byMode = new EnumMap<>(Mode.class);
    private final CalcStrategy configured;

    CalcStrategies(@All List<CalcStrategy> strategies, CalcConfig config) {
        strategies.forEach(strategy -> byMode.put(strategy.mode(), strategy));
        // Read once at start-up, so a bad value stops the application instead of failing requests.
        this.configured = byMode.get(Mode.parse("offload.calc.default-mode", config.defaultMode()));
    }

    /**
     * A chosen strategy and who chose it.
     *
     * @param chosenBy {@code query}, {@code header} or {@code config}
     */
    public record Choice(CalcStrategy strategy, String chosenBy) {
    }

    /**
     * @param queryMode the {@code mode} query parameter, or {@code null}
     * @param headerMode the {@code X-Calc-Mode} header, or {@code null}
     * @throws dev.offload.error.InvalidParameterException naming the parameter whose value is no mode
     */
    public Choice choose(String queryMode, String headerMode) {
        if (queryMode != null) {
            return new Choice(byMode.get(Mode.parse(QUERY, queryMode)), "query");
        }
        if (headerMode != null) {
            return new Choice(byMode.get(Mode.parse(HEADER, headerMode)), "header");
        }
        return new Choice(configured, "config");
    }
}
