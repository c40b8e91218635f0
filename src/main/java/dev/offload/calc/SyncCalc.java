package dev.offload.calc;

import dev.offload.where.RanOn;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/** The synchronous implementation, run on a worker: {@code await asyncio.to_thread(compute_heavy_task, x)}. */
@ApplicationScoped
public class SyncCalc implements CalcStrategy {

    @Override
    public Mode mode() {
        return Mode.SYNC;
    }

    @Override
    public Uni<Calculation> calculate(long x) {
        // Treated as blocking code, which may not run on the event loop: it moves to the worker pool.
        return Uni.createFrom().item(() -> new Calculation(SquarePlus.of(x), Mode.SYNC, RanOn.here()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
