package dev.offload.context;

import java.util.Map;

import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.context.FastThreadContextProvider;

/**
 * Carries every {@link ContextVar} across {@code ManagedExecutor} and {@code ThreadContext} hops, the way Starlette's
 * {@code run_in_threadpool} runs the function in a copy of the caller's contextvars. SmallRye does the three steps
 * for a provider that names its thread-local: capture the submitter's value, install it on the worker (keeping the
 * worker's own), and put the worker's own back afterwards. The captured value is the caller's whole context, an
 * immutable map, so it is a snapshot. Registered in
 * {@code META-INF/services/org.eclipse.microprofile.context.spi.ThreadContextProvider}.
 */
@RegisterForReflection
public class ContextVarProvider implements FastThreadContextProvider {

    /** The context type to name in {@code propagated}/{@code cleared} of a {@code ManagedExecutor} config. */
    public static final String TYPE = "ContextVar";

    @Override
    public ThreadLocal<?> threadLocal(Map<String, String> props) {
        return ContextVar.CURRENT;
    }

    @Override
    public String getThreadContextType() {
        return TYPE;
    }

    // SmallRye uses threadLocal() instead of these two; another implementation of the MicroProfile API would call
    // them, and they do the same.

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        return installing(ContextVar.CURRENT.get());
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return installing(null);
    }

    private static ThreadContextSnapshot installing(Map<ContextVar<?>, Object> context) {
        return () -> {
            Map<ContextVar<?>, Object> workersOwn = ContextVar.CURRENT.get();
            ContextVar.CURRENT.set(context);
            return () -> ContextVar.CURRENT.set(workersOwn);
        };
    }
}
