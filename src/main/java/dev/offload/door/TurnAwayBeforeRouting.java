package dev.offload.door;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.offload.error.HttpProblem;
import dev.offload.error.InvalidParameterException;
import dev.offload.shutdown.Draining;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The cheap 503. Under a storm of clients that retry at once, most requests find their lane full; this answers them
 * in a Vert.x route ahead of Quarkus REST, on the event loop, with the status, {@code Retry-After} and body the door's
 * filter would send ({@link LaneFull}), the body written once at start-up. Matching the resource method, running its
 * filters, and mapping and serializing an exception cost more than the answer itself.
 * <p>
 * It only looks: when the lane is not full, or a deadline header is to be checked (a malformed one is a 400), or the
 * service is draining, the request goes on to {@link AdmitBeforeDispatch}, which decides as always. Which path
 * belongs to which lane it reads from the service's own OpenAPI document ({@code x-offload-lane}), as Quarkus prepares
 * it at start-up, so there is no second list of paths. {@code offload.lanes.shed.before-routing=false} turns it off.
 * With {@code offload.lanes.shed.traced=false} or {@code offload.lanes.shed.timed=false} the decision is taken earlier
 * still, in Vert.x's tracer or metrics, as the request arrives ({@link ShedOnArrival}), and this only answers it.
 */
@Singleton
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class TurnAwayBeforeRouting implements OASFilter {

    /**
     * The key under which Quarkus REST keeps the matched path template in the request's context, for the
     * {@code uri} tag of {@code http.server.requests} and the span's route; set here too, so a 503 answered here is
     * counted under its endpoint's template, as one answered by the filter is.
     */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    /** An operation behind the door: its method, its path as a pattern and as the document writes it, its lane. */
    record LaneRoute(HttpMethod method, Pattern path, String template, Lane lane) {

        /** Whether a request with this method and (normalized) path is this operation's; a literal path is compared. */
        boolean matches(HttpMethod requestMethod, String requestPath) {
            return method.equals(requestMethod) && (template.indexOf('{') < 0 ? template.equals(requestPath)
                    : path.matcher(requestPath).matches());
        }
    }

    private final Lanes lanes;
    private final Draining draining;
    private final ShedOnArrival arrival;
    private final boolean enabled;
    private final Map<Lane, Buffer> bodies = new EnumMap<>(Lane.class);
    private final String retryAfter;
    private final Counter answered;
    private volatile List<LaneRoute> routes = List.of();

    TurnAwayBeforeRouting(Lanes lanes, Draining draining, ShedOnArrival arrival, ObjectMapper json,
            MeterRegistry registry) throws JsonProcessingException {
        this.lanes = lanes;
        this.draining = draining;
        this.arrival = arrival;
        this.enabled = lanes.config().shed().beforeRouting();
        this.retryAfter = Long.toString(HttpProblem.retryAfterSeconds(lanes.config().retryAfter()));
        for (Lane lane : Lane.values()) {
            bodies.put(lane, Buffer.buffer(json.writeValueAsBytes(new LaneFull(lane, lanes.config().retryAfter()).body())));
        }
        this.answered = Counter.builder("offload.lane.rejected.before.routing")
                .description("Of the requests turned away with a 503, those answered before routing, "
                        + "without reaching Quarkus REST")
                .register(registry);
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        List<LaneRoute> found = new ArrayList<>();
        Map<String, PathItem> paths = document.getPaths() == null ? Map.of() : document.getPaths().getPathItems();
        paths.forEach((template, item) -> item.getOperations().forEach((method, operation) -> {
            Object lane = operation.getExtensions() == null ? null : operation.getExtensions().get(Lane.EXTENSION);
            if (lane != null) {
                found.add(new LaneRoute(HttpMethod.valueOf(method.name()), pattern(template), template,
                        Lane.of(lane.toString())));
            }
        }));
        // As JAX-RS matches: a path with more literal characters first (/a/b before /a/{x}).
        found.sort(Comparator.comparingInt((LaneRoute route) -> -literalLength(route.template())));
        routes = List.copyOf(found);
    }

    static int literalLength(String template) {
        return template.replaceAll("\\{[^}/]+}", "").length();
    }

    /** A path template, e.g. {@code /calc/{x}}, as a pattern: each parameter one segment. */
    static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("\\{[^}/]+}", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[^/]+");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    void register(@Observes Router router) {
        if (enabled) {
            if (arrival.installed()) {
                arrival.decideWith(this::turningAway);
            }
            router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
        }
    }

    void handle(RoutingContext routing) {
        LaneRoute route = arrival.installed() ? ContextLocals.<LaneRoute> get(ShedOnArrival.TURNED_AWAY, null)
                : turningAway(routing.request());
        if (route == null) {
            routing.next();
            return;
        }
        lanes.refused(route.lane());
        answered.increment();
        ContextLocals.put(URL_PATH_TEMPLATE, route.template());
        lanes.shed(routing);
        routing.response().setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.RETRY_AFTER, retryAfter)
                .end(bodies.get(route.lane()));
    }

    /**
     * The route of a request to turn away now, or null when it goes on to the filter: its lane is not full, a deadline
     * header is to be checked, or the service is draining.
     */
    LaneRoute turningAway(HttpServerRequest request) {
        // Most of the time no lane is full, and a request costs this one look at the gates, not a match of its path.
        if (!lanes.anyFullNow()) {
            return null;
        }
        // Normalized as Vert.x Web's RoutingContext.normalizedPath() does, which the tracer has no access to.
        String path = request.path() == null ? "/" : HttpUtils.normalizePath(request.path());
        LaneRoute route = routeOf(request.method(), path);
        if (route == null || !lanes.fullNow(route.lane()) || draining.stopping()
                || !deadlineHeadersAreValid(request::getHeader, route.lane())) {
            return null;
        }
        return route;
    }

    private LaneRoute routeOf(HttpMethod method, String path) {
        for (LaneRoute route : routes) {
            if (route.matches(method, path)) {
                return route;
            }
        }
        return null;
    }

    /** A malformed deadline header gets its 400 from the filter, as it would were the lane not full. */
    private boolean deadlineHeadersAreValid(UnaryOperator<String> header, Lane lane) {
        try {
            Deadline.fromHeaders(lanes.config().of(lane).timeout(), header);
            return true;
        } catch (InvalidParameterException malformed) {
            return false;
        }
    }
}
