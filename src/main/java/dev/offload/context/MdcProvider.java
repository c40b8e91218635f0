package dev.offload.context;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;
import org.jboss.logging.MDC;

import io.vertx.core.Vertx;

/**
 * Carries the logging MDC to threads that would otherwise log without it. In Quarkus the MDC of a thread
 * that runs in a request's Vert.x duplicated context is kept in that context (Quarkus' {@code VertxMDC}),
 * so it already follows the request to every thread Quarkus gives that context; touching it there would
 * change the request's MDC for all its threads at once. On a thread without a Vert.x context (an executor
 * Quarkus does not manage, reached through {@code ThreadContext} or a Mutiny hop), the MDC is a plain
 * thread-local, and nothing carries it. There this provider does the three steps: capture a copy on the
 * submitting thread, install it on the worker, put the worker's own MDC back afterwards.
 */
public class MdcProvider implements ThreadContextProvider {

    /** The context type to name in {@code propagated}/{@code cleared} of a {@code ManagedExecutor} config. */
    public static final String TYPE = "MDC";

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        Map<String, Object> captured = new HashMap<>(MDC.getMap());
        return () -> install(captured);
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return () -> install(Map.of());
    }

    @Override
    public String getThreadContextType() {
        return TYPE;
    }

    private static ThreadContextController install(Map<String, Object> mdc) {
        if (Vertx.currentContext() != null) {
            return () -> {
            };
        }
        Map<String, Object> workersOwn = new HashMap<>(MDC.getMap());
        replace(mdc);
        return () -> replace(workersOwn);
    }

    private static void replace(Map<String, Object> mdc) {
        MDC.clear();
        mdc.forEach(MDC::put);
    }
}
