package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.vertx.http.runtime.ExtendedQuarkusVertxHttpMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

/**
 * {@link SkipTurnedAwayMetrics} stands in for Quarkus' Vert.x metrics: whatever Vert.x or Quarkus may call on them, it
 * passes on, unless the call is about a request turned away (no request metric). An interface method it did not
 * declare would fall to the interface's default and drop that metric in silence, so a new one in Vert.x fails this.
 */
class SkipTurnedAwayMetricsTest {

    @Test
    void everyMethodOfQuarkusVertxMetricsIsPassedOn() {
        assertThat(undeclared(SkipTurnedAwayMetrics.class, VertxMetrics.class, ExtendedQuarkusVertxHttpMetrics.class))
                .isEmpty();
    }

    @Test
    void everyMethodOfTheServersMetricsIsPassedOn() {
        assertThat(undeclared(SkipTurnedAwayMetrics.Server.class, HttpServerMetrics.class)).isEmpty();
    }

    @Test
    void aRequestWithoutMetricIsNotPassedOnAndOneWithIsPassedOn() {
        List<String> calls = new ArrayList<>();
        @SuppressWarnings("unchecked")
        HttpServerMetrics<Object, Object, Object> recording = (HttpServerMetrics<Object, Object, Object>) Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[] { HttpServerMetrics.class },
                        (proxy, method, args) -> {
                            calls.add(method.getName());
                            return null;
                        });
        SkipTurnedAwayMetrics.Server<Object, Object, Object> server = new SkipTurnedAwayMetrics.Server<>(recording,
                null);

        for (Object metric : new Object[] { null, "metric" }) {
            server.requestEnd(metric, null, 0);
            server.requestReset(metric);
            server.responseBegin(metric, null);
            server.responseEnd(metric, null, 0);
            server.requestRouted(metric, "/r");
            server.connected("socket", metric, null);
        }

        assertThat(calls).containsExactly("requestEnd", "requestReset", "responseBegin", "responseEnd",
                "requestRouted", "connected");
    }

    /** The methods of these interfaces (and theirs) that {@code type} leaves to a default or does not have. */
    private static Set<String> undeclared(Class<?> type, Class<?>... interfaces) {
        Set<String> missing = new LinkedHashSet<>();
        for (Class<?> api : interfaces) {
            for (Method method : api.getMethods()) {
                if (Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                try {
                    type.getDeclaredMethod(method.getName(), method.getParameterTypes());
                } catch (NoSuchMethodException notDeclared) {
                    missing.add(api.getSimpleName() + "." + method.getName());
                }
            }
        }
        return missing;
    }
}
