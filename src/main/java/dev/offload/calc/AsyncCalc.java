package dev.offload.calc;

import jakarta.inject.Singleton;

import dev.offload.door.Door;
import dev.offload.where.RanOn;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The asynchronous twin, {@code await asyncio.sleep(0.01); return x ** 2 + x}: it waits on a Vert.x timer, which
 * holds no thread, and computes on the event loop when the timer fires.
 */
@Startup
@Singleton
public class AsyncCalc implements CalcStrategy {

    private final Vertx vertx;
    private final Door door;
    private final long delayMillis;

    AsyncCalc(Vertx vertx, Door door, CalcConfig config) {
        this.vertx = vertx;
        this.door = door;
        this.delayMillis = Math.max(1, config.asyncDelay().toMillis());
    }

    @Override
    public Mode mode() {
        return Mode.ASYNC;
    }

    @Override
    public Uni<Calculation> calculate(long x) {
        // A timer, not Thread.sleep: the event loop serves other requests meanwhile. Set from an event-loop thread,
        // the timer fires on that same loop; x*x+x is cheap enough to compute there. The door still bounds the
        // wait by the request's deadline.
        return door.onEventLoop(() -> Uni.createFrom().emitter(emitter -> vertx.setTimer(delayMillis,
                fired -> emitter.complete(new Calculation(SquarePlus.of(x), Mode.ASYNC, RanOn.here())))));
    }
}
