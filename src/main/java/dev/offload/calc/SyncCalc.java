package dev.offload.calc;

import jakarta.inject.Singleton;

import dev.offload.door.Door;
import dev.offload.door.Hop;
import dev.offload.where.RanOn;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/** The synchronous implementation, run on a worker: {@code await asyncio.to_thread(compute_heavy_task, x)}. */
@Startup
@Singleton
public class SyncCalc implements CalcStrategy {

    private final Door door;

    SyncCalc(Door door) {
        this.door = door;
    }

    @Override
    public Mode mode() {
        return Mode.SYNC;
    }

    @Override
    public Uni<Calculation> calculate(long x) {
        // Treated as blocking code, which may not run on the event loop: it moves to the worker pool through the
        // door, under the calc lane's limit and the request's deadline.
        return door.offload(Hop.WORKER, () -> new Calculation(SquarePlus.of(x), Mode.SYNC, RanOn.here()));
    }
}
