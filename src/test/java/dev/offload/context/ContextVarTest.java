package dev.offload.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.context.SmallRyeManagedExecutor;

/**
 * {@link ContextVar} through a {@code ManagedExecutor} behaves as Python's contextvars through Starlette's
 * {@code run_in_threadpool}.
 */
@QuarkusTest
class ContextVarTest {

    static final ContextVar<String> USER = ContextVar.named("user", "anonymous");

    static ExecutorService oneThread;
    static ManagedExecutor oneWorker;

    @BeforeAll
    static void startOneWorker() {
        // Quarkus' own ManagedExecutors share its worker pool; backing one with a single thread makes
        // "the next task reuses the same worker thread" certain.
        oneThread = Executors.newSingleThreadExecutor();
        oneWorker = ((SmallRyeManagedExecutor.Builder) ManagedExecutor.builder()).withExecutorService(oneThread)
                .propagated(ContextVarProvider.TYPE).build();
    }

    @AfterAll
    static void stopOneWorker() {
        oneWorker.shutdown();
        oneThread.shutdown();
    }

    @Test
    void getReturnsTheDefaultUntilSetAndSetIsUndoneByReset() {
        assertThat(USER.get()).isEqualTo("anonymous");
        ContextVar.Token<String> outer = USER.set("ada");
        ContextVar.Token<String> inner = USER.set("grace");
        assertThat(USER.get()).isEqualTo("grace");
        USER.reset(inner);
        assertThat(USER.get()).isEqualTo("ada");
        USER.reset(outer);
        assertThat(USER.get()).isEqualTo("anonymous");
        assertThatThrownBy(() -> USER.reset(outer)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theWorkerSeesTheValueSetBeforeSubmission() {
        ContextVar.Token<String> token = USER.set("ada");
        try {
            var seen = oneWorker.supplyAsync(USER::get);
            USER.set("changed after submission");
            assertThat(seen.join()).isEqualTo("ada");
        } finally {
            USER.reset(token);
        }
    }

    @Test
    void whatTheWorkerSetsDoesNotLeakBackToTheCaller() {
        ContextVar.Token<String> token = USER.set("ada");
        try {
            oneWorker.runAsync(() -> USER.set("set by the worker")).join();
            assertThat(USER.get()).isEqualTo("ada");
        } finally {
            USER.reset(token);
        }
    }

    @Test
    void nothingLeaksIntoTheNextTaskOnTheSameThread() {
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        ContextVar.Token<String> token = USER.set("ada");
        try {
            oneWorker.runAsync(() -> {
                first.set(Thread.currentThread());
                USER.set("left behind by task 1");
            }).join();
        } finally {
            USER.reset(token);
        }

        String seenByTask2 = oneWorker.supplyAsync(() -> {
            second.set(Thread.currentThread());
            return USER.get();
        }).join();

        assertThat(second.get()).isSameAs(first.get());
        assertThat(seenByTask2).isEqualTo("anonymous");
    }
}
