package dev.offload.door;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;

import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * The door's entrance: for every endpoint that joins a lane ({@link Lane}), decides on
 * the event loop, before Quarkus dispatches the request to a worker or a virtual thread, whether it runs now, waits
 * for a slot, or gets a 503 at once; and arms its deadline. A request that is turned away never takes a thread, and
 * one that waits holds none while it waits. The request's {@link Ticket} then travels with it, in its Vert.x context,
 * to the {@link Door}.
 */
public class AdmitBeforeDispatch {

    private final Lanes lanes;
    private final LaneDeclarations declarations;
    private final Vertx vertx;

    AdmitBeforeDispatch(Lanes lanes, LaneDeclarations declarations, Vertx vertx) {
        this.lanes = lanes;
        this.declarations = declarations;
        this.vertx = vertx;
    }

    /**
     * @return {@code null} to go on at once; a stage that completes when the request got its slot, or fails with the
     *         answer to send instead (504, or 503 when its client hung up while it waited)
     * @throws LaneFull when every slot and every place in the queue is taken
     * @throws dev.offload.error.InvalidParameterException naming a malformed deadline header
     */
    @ServerRequestFilter(nonBlocking = true, priority = 10)
    public Uni<Void> admit(ResourceInfo resource, RoutingContext routing) {
        // This call, here in the filter method itself, is what has Quarkus register the resource methods for
        // reflection in a native executable; their lanes were read from their annotations at start-up.
        Method method = resource.getResourceMethod();
        String lane = declarations.laneOf(method).orElse(null);
        if (lane == null) {
            return null;
        }
        Ticket ticket = lanes.ticket(lane, routing.request()::getHeader);
        ContextLocals.put(Door.TICKET, ticket);
        // Fires once: when the response is sent, or at once when the client hangs up, whatever runs.
        routing.addEndHandler(ended -> ticket.exchangeOver(ended.succeeded()));
        CompletableFuture<Void> admission = ticket.admit();
        if (!admission.isDone()) {
            // Quarkus resumes the request on its own event loop when the slot comes, and then dispatches it.
            return Uni.createFrom().completionStage(admission);
        }
        if (admission.isCompletedExceptionally()) {
            Throwable refused = admission.exceptionNow();
            long holdMillis = refused instanceof LaneFull ? lanes.shed(routing) : 0;
            if (holdMillis > 0) {
                // The tarpit: this connection's last 503 left less than Retry-After ago; this one waits for it.
                return Uni.createFrom().emitter(later -> vertx.setTimer(holdMillis, fired -> later.fail(refused)));
            }
            throw (RuntimeException) refused;
        }
        return null;
    }
}
