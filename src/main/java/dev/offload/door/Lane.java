package dev.offload.door;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts an endpoint behind the door, in the lane it names: {@code @Lane("reports")} on a JAX-RS resource method. Before
 * Quarkus dispatches the request (to a worker, a virtual thread, or the method on the event loop), the door admits it
 * on the event loop (a slot, a wait in the lane's queue, or a 503 with {@code Retry-After}) and arms its deadline
 * (a 504). Each lane has its own limit, queue and timeout, {@code offload.lanes."<name>".*}, with defaults for a lane
 * the configuration does not name (see {@link LanesConfig.LaneConfig}), so a new endpoint needs no other change. The
 * name is also the {@code lane} tag of the {@code offload.lane.*} metrics and the {@code x-offload-lane} extension of
 * the operation in the OpenAPI document. Lanes are found when the application starts ({@link LaneDeclarations}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Lane {

    /** The OpenAPI extension under which the document shows an operation's lane. */
    String EXTENSION = "x-offload-lane";

    /** The lane's name: letters, digits and {@code -}, as in a configuration key. */
    String value();
}
