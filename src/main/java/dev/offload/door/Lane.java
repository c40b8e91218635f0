package dev.offload.door;

import java.util.Arrays;

/**
 * A bounded way in: every endpoint that runs work off the event loop, or waits, declares its lane in its
 * {@code @Operation}: {@code extensions = @Extension(name = Lane.EXTENSION, value = Lane.Keys.CALC)}. Each lane
 * has its own limit, queue and timeout ({@code offload.lanes.<key>.*}). The key names the lane everywhere: in
 * configuration, in metrics (tag {@code lane}), in the OpenAPI document ({@code x-offload-lane}) and in the
 * benchmark.
 */
public enum Lane {
    /** {@code GET /async-call}: the event loop hands the task to the worker pool ({@code asyncio.to_thread}). */
    TO_THREAD(Keys.TO_THREAD),
    /** {@code GET /sync-route}: a {@code @Blocking} endpoint, run by Quarkus on a worker (a sync {@code def} route). */
    SYNC_ROUTE(Keys.SYNC_ROUTE),
    /** {@code GET /sync-route/virtual}: a {@code @RunOnVirtualThread} endpoint. */
    VIRTUAL_THREAD(Keys.VIRTUAL_THREAD),
    /** {@code GET /method3}: the event loop hands the task to the {@code ManagedExecutor} ({@code run_in_threadpool}). */
    RUN_IN_THREADPOOL(Keys.RUN_IN_THREADPOOL),
    /** {@code GET /cpu-bound-task}: slices of the sum on the CPU pool ({@code ProcessPoolExecutor}). */
    CPU_POOL(Keys.CPU_POOL),
    /** {@code GET /calc/{x}}: the sync strategy on a worker, the async one on an event-loop timer. */
    CALC(Keys.CALC),
    /** {@code GET /compute/{x}} on a worker and {@code POST /compute/{x}} on an event-loop timer. */
    COMPUTE(Keys.COMPUTE),
    /** {@code /context/*}: the context matrix and the fan-out, over every kind of hop. */
    CONTEXT(Keys.CONTEXT);

    /** The OpenAPI extension that names an operation's lane. */
    public static final String EXTENSION = "x-offload-lane";

    /** The lanes' keys, as constants for annotations. */
    public static final class Keys {
        public static final String TO_THREAD = "to-thread";
        public static final String SYNC_ROUTE = "sync-route";
        public static final String VIRTUAL_THREAD = "virtual-thread";
        public static final String RUN_IN_THREADPOOL = "run-in-threadpool";
        public static final String CPU_POOL = "cpu-pool";
        public static final String CALC = "calc";
        public static final String COMPUTE = "compute";
        public static final String CONTEXT = "context";

        private Keys() {
        }
    }

    private final String key;

    Lane(String key) {
        this.key = key;
    }

    /** The lane's name in configuration keys, metrics and documents. */
    public String key() {
        return key;
    }

    /** @throws IllegalArgumentException if no lane has this key */
    public static Lane of(String key) {
        return Arrays.stream(values()).filter(lane -> lane.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no lane named " + key));
    }
}
