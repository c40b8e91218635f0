package dev.offload.limits;

/** The ways this service moves work off the event loop, each with its own limits. */
public enum OffloadPath {
    /** {@code /async-call}: the event loop hands the task to the Quarkus worker pool. */
    TO_THREAD("to-thread"),
    /** {@code /sync-route}: a {@code @Blocking} endpoint on a worker thread. */
    BLOCKING("blocking"),
    /** {@code /sync-route/virtual}: a {@code @RunOnVirtualThread} endpoint. */
    VIRTUAL("virtual"),
    /** {@code /method3}: the event loop hands the task to the {@code ManagedExecutor}. */
    MANAGED_EXECUTOR("managed-executor"),
    /** {@code /cpu-bound-task}: the CPU pool. */
    CPU("cpu");

    private final String key;

    OffloadPath(String key) {
        this.key = key;
    }

    /** The name in configuration keys ({@code offload.limits.<key>.*}) and in metrics. */
    public String key() {
        return key;
    }
}
