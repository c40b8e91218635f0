package dev.offload.door;

import java.time.Duration;
import java.util.OptionalInt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The door's parts built by hand, for the plain unit tests of code in other packages that runs through them: a CPU
 * pool. Their constructors stay package-private in the application, where
 * only CDI calls them.
 */
public final class PlainDoor {

    private static final Duration NO_DEADLINE_REACHED = Duration.ofMinutes(1);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private PlainDoor() {
    }

    /** A CPU pool of {@code threads} threads named {@code offload-cpu-1...}; stop it with {@link #shutDown}. */
    public static CpuPool cpuPool(int threads) {
        PoolsConfig config = new PoolsConfig() {
            @Override
            public Cpu cpu() {
                return () -> OptionalInt.of(threads);
            }

            @Override
            public Isolated isolated() {
                throw new UnsupportedOperationException("the CPU pool reads only its own size");
            }
        };
        return new CpuPool(config, new SimpleMeterRegistry());
    }

    public static void shutDown(CpuPool pool) {
        pool.shutdown();
    }
}
