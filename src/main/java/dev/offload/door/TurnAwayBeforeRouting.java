package dev.offload.door;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.offload.error.HttpProblem;
import dev.offload.shutdown.Draining;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The cheap 503. Under a storm of clients that retry at once, most requests find their lane full; this answers them
 * in Vert.x routes ahead of Quarkus REST, one per endpoint with a lane ({@link LaneDeclarations}), on the event loop,
 * with the status, {@code Retry-After} and body the door's filter would send ({@link LaneFull}), the body written
 * once at start-up. Matching the resource method, running its filters, and mapping and serializing an exception cost
 * more than the answer itself. Vert.x Web matches the path, so the route's template is also what Quarkus' metrics
 * and spans name the 503 by, as they name the endpoint's other answers.
 * <p>
 * It only looks: when the lane is not full, or a deadline header is to be checked (a malformed one is a 400), or the
 * service is draining, the request goes on to {@link AdmitBeforeDispatch}, which decides as always.
 * {@code offload.lanes.shed.before-routing=false} turns it off.
 */
@Singleton
public class TurnAwayBeforeRouting {

    /**
     * Where the routes go: before Quarkus' default order (1000 is Quarkus' "before default" order, ahead of Quarkus
     * REST's route at 10000), after its body, CORS and compression handlers.
     */
    static final int ORDER = 1000;

    private final Lanes lanes;
    private final LaneDeclarations declarations;
    private final Draining draining;
    private final Vertx vertx;
    private final boolean enabled;
    private final Map<String, Buffer> bodies = new HashMap<>();
    private final String retryAfter;
    private final Counter answered;

    TurnAwayBeforeRouting(Lanes lanes, LaneDeclarations declarations, Draining draining, Vertx vertx, ObjectMapper json,
            MeterRegistry registry) throws JsonProcessingException {
        this.lanes = lanes;
        this.declarations = declarations;
        this.draining = draining;
        this.vertx = vertx;
        this.enabled = lanes.config().shed().beforeRouting();
        this.retryAfter = Long.toString(HttpProblem.retryAfterSeconds(lanes.config().retryAfter()));
        for (String lane : declarations.lanes()) {
            bodies.put(lane, Buffer.buffer(json.writeValueAsBytes(new LaneFull(lane, lanes.config().retryAfter()).body())));
        }
        this.answered = Counter.builder("offload.lane.rejected.before.routing")
                .description("Of the requests turned away with a 503, those answered before routing, "
                        + "without reaching Quarkus REST")
                .register(registry);
    }

    void register(@Observes Router router) {
        if (!enabled) {
            return;
        }
        for (LaneDeclarations.Declared endpoint : declarations.all()) {
            router.route(HttpMethod.valueOf(endpoint.httpMethod()), endpoint.vertxPath()).order(ORDER)
                    .handler(routing -> handle(routing, endpoint.lane()));
        }
    }

    void handle(RoutingContext routing, String lane) {
        if (!turningAway(routing, lane)) {
            routing.next();
            return;
        }
        lanes.refused(lane);
        answered.increment();
        long holdMillis = lanes.shed(routing);
        if (holdMillis > 0) {
            // The tarpit: this connection's last 503 left less than Retry-After ago; this one waits for it.
            vertx.setTimer(holdMillis, fired -> answer(routing, lane));
        } else {
            answer(routing, lane);
        }
    }

    private void answer(RoutingContext routing, String lane) {
        if (routing.response().closed()) {
            return;
        }
        routing.response().setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.RETRY_AFTER, retryAfter)
                .end(bodies.get(lane));
    }

    /**
     * Whether to turn the request away here: its lane is full, and it has no deadline header to check (the filter
     * checks it, and answers a malformed one with a 400), and the service is not draining (the filter answers that).
     */
    boolean turningAway(RoutingContext routing, String lane) {
        return lanes.fullNow(lane) && !draining.stopping()
                && !Deadline.anyHeader(routing.request()::getHeader);
    }
}
