package dev.offload.calc;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/** Seed 003's {@code auto}: the sync implementation for small x, the async twin from the threshold on. */
@Startup
@Singleton
public class AutoCalc implements CalcStrategy {

    private final SyncCalc sync;
    private final AsyncCalc async;
    private final long threshold;

    AutoCalc(SyncCalc sync, AsyncCalc async, CalcConfig config) {
        this.sync = sync;
        this.async = async;
        this.threshold = config.autoThreshold();
    }

    @Override
    public Mode mode() {
        return Mode.AUTO;
    }

    @Override
    public Uni<Calculation> calculate(long x) {
        return x < threshold ? sync.calculate(x) : async.calculate(x);
    }
}
