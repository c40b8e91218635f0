package dev.offload.door;

import java.util.function.BiConsumer;
import java.util.function.Function;

import jakarta.inject.Singleton;

import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.Context;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Sheds requests without tracing them ({@code offload.lanes.shed.traced=false}). Vert.x hands every request to the
 * tracer as it arrives, before any route; Quarkus' OpenTelemetry tracer then reads its attributes and opens its span
 * whatever the sampler says. This wraps that tracer, once, when Quarkus creates Vert.x: a request that
 * {@link TurnAwayBeforeRouting} turns away is decided here, gets no span, and carries the decision in its context, so
 * the route answers it from there and does not decide again. A request is thus either traced or turned away before
 * routing, never let in untraced. Everything else goes to Quarkus' tracer untouched.
 */
@Singleton
public class UntracedShedding implements VertxOptionsCustomizer {

    /** The key of the request's context under which a turned-away request carries its route. */
    static final String TURNED_AWAY = UntracedShedding.class.getName() + ".turnedAway";

    private final boolean wanted;
    private volatile boolean installed;
    private volatile Function<HttpServerRequest, TurnAwayBeforeRouting.LaneRoute> decision;

    UntracedShedding(LanesConfig config) {
        this.wanted = !config.shed().traced() && config.shed().beforeRouting();
    }

    @Override
    public void accept(VertxOptions options) {
        TracingOptions tracing = options.getTracingOptions();
        if (wanted && tracing != null && tracing.getFactory() != null) {
            VertxTracerFactory traced = tracing.getFactory();
            tracing.setFactory(tracingOptions -> new SkipTurnedAway(traced.tracer(tracingOptions)));
            installed = true;
        }
    }

    /** Whether requests are decided in the tracer: asked for, and there is a tracer to wrap. */
    boolean installed() {
        return installed;
    }

    /** From now on, a request this turns away (a route, or null) is answered without a span. */
    void decideWith(Function<HttpServerRequest, TurnAwayBeforeRouting.LaneRoute> turnAway) {
        this.decision = turnAway;
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
            Function<HttpServerRequest, TurnAwayBeforeRouting.LaneRoute> turnAway = decision;
            if (turnAway != null && request instanceof HttpServerRequest http) {
                TurnAwayBeforeRouting.LaneRoute route = turnAway.apply(http);
                if (route != null) {
                    context.putLocal(TURNED_AWAY, route);
                    return null;
                }
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
