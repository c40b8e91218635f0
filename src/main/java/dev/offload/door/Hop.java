package dev.offload.door;

/**
 * How the door moves a piece of work to another thread, and so what context travels with it. A {@link Lane}
 * decides whether and when a request may run; a hop decides where its work runs. The context matrix has one row
 * per hop.
 */
public enum Hop {
    /**
     * The Quarkus worker pool, through Mutiny's {@code runSubscriptionOn}: {@code asyncio.to_thread}. Mutiny's
     * context propagation captures the caller's context when the hop is made and installs it on the worker.
     */
    WORKER("Mutiny runSubscriptionOn(worker pool)"),
    /**
     * Quarkus' default {@code ManagedExecutor}, on the same worker pool: Starlette's {@code run_in_threadpool}.
     * Every {@code ThreadContextProvider} captures the caller's context at submission.
     */
    MANAGED_EXECUTOR("ManagedExecutor"),
    /**
     * A new virtual thread per task, from Quarkus' {@code @VirtualThreads} executor, which hands the task the
     * request's Vert.x context (and what Quarkus keeps there) and nothing else.
     */
    VIRTUAL_THREAD("virtual thread (@VirtualThreads executor)"),
    /** The isolated {@code ManagedExecutor}: its own threads, every context cleared on purpose. */
    ISOLATED_EXECUTOR("isolated ManagedExecutor (context cleared)"),
    /**
     * The CPU pool, a plain executor: nothing travels, as with a {@code ProcessPoolExecutor}, which gets only its
     * arguments. Pass what the work needs as arguments.
     */
    CPU_POOL("CPU pool"),
    /** A plain {@code ExecutorService} that nobody told about context: the control, where everything is lost. */
    UNMANAGED_POOL("unmanaged ExecutorService"),
    /** Mutiny's {@code emitOn} to the plain executor: Mutiny carries what it captured when the chain was built. */
    MUTINY_EMIT_ON("Mutiny emitOn(unmanaged)"),
    /** Mutiny's {@code runSubscriptionOn} to the plain executor. */
    MUTINY_RUN_SUBSCRIPTION_ON("Mutiny runSubscriptionOn(unmanaged)");

    private final String label;

    Hop(String label) {
        this.label = label;
    }

    /** How the context matrix names this hop. */
    public String label() {
        return label;
    }
}
