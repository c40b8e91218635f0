package dev.offload.door;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/**
 * A plain {@code ExecutorService} that nobody told about context: the control row of the context matrix, where
 * every kind of context is lost, as with {@code Executors.newFixedThreadPool} in real code. Its threads start with
 * the application, so none inherits anything from a request's thread.
 */
@Startup
@Singleton
class UnmanagedPool {

    private final ThreadPoolExecutor executor = Pools.fixed(2, "offload-unmanaged-");

    UnmanagedPool() {
        executor.prestartAllCoreThreads();
    }

    ExecutorService executor() {
        return executor;
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
