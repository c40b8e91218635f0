package dev.offload.context;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

import java.util.Map;

/**
 * Carries every {@link ContextVar} across {@code ManagedExecutor} and {@code ThreadContext} hops, the way
 * Starlette's {@code run_in_threadpool} runs the function in a copy of the caller's contextvars.
 * Three small steps: capture on the submitting thread, install on the worker (keeping what it had),
 * put the worker's own context back afterwards. Registered in
 * {@code META-INF/services/org.eclipse.microprofile.context.spi.ThreadContextProvider}.
 */
@RegisterForReflection
public class ContextVarProvider implements ThreadContextProvider {

    /** The context type to name in {@code propagated}/{@code cleared} of a {@code ManagedExecutor} config. */
    public static final String TYPE = "ContextVar";

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        Map<ContextVar<?>, Object> captured = ContextVar.capture();
        return () -> {
            Map<ContextVar<?>, Object> workersOwn = ContextVar.install(captured);
            return () -> ContextVar.install(workersOwn);
        };
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return () -> {
            Map<ContextVar<?>, Object> workersOwn = ContextVar.install(Map.of());
            return () -> ContextVar.install(workersOwn);
        };
    }

    @Override
    public String getThreadContextType() {
        return TYPE;
    }
}
