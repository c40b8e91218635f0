package dev.offload.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider's three steps, driven by hand as any MicroProfile Context Propagation implementation would: capture
 * on the submitting thread, install on the worker, and put the worker's own context back afterwards. The worker here
 * has values of its own, so a provider that only installs and never restores fails, even though a next task's
 * snapshot would overwrite what it left behind.
 */
class ContextVarProviderTest {

    static final ContextVar<String> USER = ContextVar.named("user", "anonymous");
    static final Map<String, String> NO_PROPERTIES = Map.of();
    static final long PATIENCE_SECONDS = 5;

    final ContextVarProvider provider = new ContextVarProvider();
    static ExecutorService worker;

    @BeforeAll
    static void startAWorkerWithItsOwnValue() throws Exception {
        worker = Executors.newSingleThreadExecutor();
        worker.submit(() -> USER.set("the worker's own")).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopTheWorker() {
        worker.shutdownNow();
    }

    @AfterEach
    void clearTheCallersContext() {
        ContextVar.CURRENT.remove();
    }

    /** Installs {@code snapshot} on the worker; what the task saw, and what the worker holds after it. */
    record Seen(String during, String after) {
    }

    Seen onTheWorker(ThreadContextSnapshot snapshot) throws Exception {
        return worker.submit(() -> {
            ThreadContextController controller = snapshot.begin();
            String during = USER.get();
            USER.set("set by the task");
            controller.endContext();
            return new Seen(during, USER.get());
        }).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void itNamesTheThreadLocalItCarriesAndItsType() {
        assertThat(provider.threadLocal(NO_PROPERTIES)).isSameAs(ContextVar.CURRENT);
        assertThat(provider.getThreadContextType()).isEqualTo("ContextVar");
    }

    @Test
    void theWorkerSeesTheCallersValuesAndGetsItsOwnBackAfterwards() throws Exception {
        USER.set("ada");
        ThreadContextSnapshot snapshot = provider.currentContext(NO_PROPERTIES);
        USER.set("changed after the capture");

        assertThat(onTheWorker(snapshot)).isEqualTo(new Seen("ada", "the worker's own"));
    }

    @Test
    void aClearedContextShowsTheDefaultsAndGivesTheWorkerItsOwnBackAfterwards() throws Exception {
        USER.set("ada");
        ThreadContextSnapshot snapshot = provider.clearedContext(NO_PROPERTIES);

        assertThat(onTheWorker(snapshot)).isEqualTo(new Seen("anonymous", "the worker's own"));
    }

    @Test
    void nothingTheTaskSetsReachesTheCaller() throws Exception {
        USER.set("ada");

        onTheWorker(provider.currentContext(NO_PROPERTIES));

        assertThat(USER.get()).isEqualTo("ada");
    }
}
