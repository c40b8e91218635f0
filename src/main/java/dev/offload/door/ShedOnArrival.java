package dev.offload.door;

import java.util.function.BiConsumer;
import java.util.function.Function;

import jakarta.inject.Singleton;

import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.Context;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Sheds requests without tracing them ({@code offload.lanes.shed.traced=false}) or timing them
 * ({@code offload.lanes.shed.timed=false}). Vert.x hands every request to its metrics and then to its tracer as it
 * arrives, before any route: Quarkus' Micrometer binder starts the {@code http.server.requests} timer and Quarkus'
 * OpenTelemetry tracer opens the span, whatever the sampler says. This wraps either, once, when Quarkus creates
 * Vert.x. The first wrapped one takes {@link TurnAwayBeforeRouting}'s decision as the request arrives, and a request
 * it turns away carries the decision in its context: the wrapped instruments leave it out, and the route answers it
 * from there without deciding again. A request is thus either instrumented as asked or turned away before routing,
 * never let in half-seen. Everything else goes to Quarkus' instruments untouched.
 */
@Singleton
public class ShedOnArrival implements VertxOptionsCustomizer {

    /** The key of the request's context under which a turned-away request carries its route. */
    static final String TURNED_AWAY = ShedOnArrival.class.getName() + ".turnedAway";

    private final boolean untraced;
    private final boolean untimed;
    private volatile boolean tracerWrapped;
    private volatile boolean metricsWrapped;
    private volatile Function<HttpServerRequest, TurnAwayBeforeRouting.LaneRoute> decision;

    ShedOnArrival(LanesConfig config) {
        this.untraced = !config.shed().traced() && config.shed().beforeRouting();
        this.untimed = !config.shed().timed() && config.shed().beforeRouting();
    }

    @Override
    public void accept(VertxOptions options) {
        MetricsOptions metrics = options.getMetricsOptions();
        if (untimed && metrics != null && metrics.isEnabled() && metrics.getFactory() != null) {
            VertxMetricsFactory timed = metrics.getFactory();
            options.setMetricsOptions(new MetricsOptions().setEnabled(true)
                    .setFactory(vertxOptions -> new SkipTurnedAwayMetrics(timed.metrics(vertxOptions), this)));
            metricsWrapped = true;
        }
        TracingOptions tracing = options.getTracingOptions();
        if (untraced && tracing != null && tracing.getFactory() != null) {
            VertxTracerFactory traced = tracing.getFactory();
            tracing.setFactory(tracingOptions -> new SkipTurnedAway(traced.tracer(tracingOptions)));
            tracerWrapped = true;
        }
    }

    /** Whether requests are decided as they arrive: asked for, and there is an instrument to wrap. */
    boolean installed() {
        return tracerWrapped || metricsWrapped;
    }

    /** From now on, a request this turns away (a route, or null) is answered without the instruments it wraps. */
    void decideWith(Function<HttpServerRequest, TurnAwayBeforeRouting.LaneRoute> turnAway) {
        this.decision = turnAway;
    }

    /**
     * Whether the request that just arrived is turned away, decided by the first wrapped instrument Vert.x calls (its
     * metrics, then its tracer) and read by the next from the request's context.
     */
    boolean turnedAway(Context context, Object request, boolean metricsCalling) {
        if (!metricsCalling && metricsWrapped) {
            return context.getLocal(TURNED_AWAY) != null;
        }
        Function<HttpServerRequest, TurnAwayBeforeRouting.LaneRoute> turnAway = decision;
        if (turnAway != null && request instanceof HttpServerRequest http) {
            TurnAwayBeforeRouting.LaneRoute route = turnAway.apply(http);
            if (route != null) {
                context.putLocal(TURNED_AWAY, route);
                return true;
            }
        }
        return false;
    }

    /** {@link #turnedAway(Context, Object, boolean)} for Vert.x's metrics, which get the request but not its context. */
    boolean turnedAwayOnArrival(Object request) {
        return request instanceof HttpServerRequestInternal internal && turnedAway(internal.context(), internal, true);
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private final class SkipTurnedAway implements VertxTracer {

        private final VertxTracer traced;

        SkipTurnedAway(VertxTracer traced) {
            this.traced = traced;
        }

        @Override
        public Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, Object request,
                String operation, Iterable headers, TagExtractor tagExtractor) {
            if (turnedAway(context, request, false)) {
                return null;
            }
            return traced.receiveRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        public void sendResponse(Context context, Object response, Object payload, Throwable failure,
                TagExtractor tagExtractor) {
            // No payload: a request turned away above, with no span to end.
            if (payload != null) {
                traced.sendResponse(context, response, payload, failure, tagExtractor);
            }
        }

        @Override
        public Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, Object request,
                String operation, BiConsumer headers, TagExtractor tagExtractor) {
            return traced.sendRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        public void receiveResponse(Context context, Object response, Object payload, Throwable failure,
                TagExtractor tagExtractor) {
            traced.receiveResponse(context, response, payload, failure, tagExtractor);
        }

        @Override
        public void close() {
            traced.close();
        }
    }
}
