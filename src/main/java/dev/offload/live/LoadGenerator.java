package dev.offload.live;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import dev.offload.error.HttpProblem;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Starts loads, one at a time, and keeps the latest for the page. Every load runs on one event-loop context of the
 * loads' own, with one non-blocking Vert.x HTTP client: not in the context of the request that asked for it, whose life
 * ends with its answer.
 */
@Startup
@Singleton
public class LoadGenerator {

    private final Vertx vertx;
    /**
     * The loads' context: that of a verticle deployed for nothing else, so an event-loop context whichever thread builds
     * this bean (the main thread at start-up; another after a live reload in dev mode, which may have a context of its
     * own that {@code getOrCreateContext} would hand back).
     */
    private final CompletableFuture<Context> loads = new CompletableFuture<>();
    private final CompletableFuture<String> deployment;
    private final HttpClient client;
    private final AtomicReference<LoadRun> latest = new AtomicReference<>();

    LoadGenerator(Vertx vertx, LiveConfig config) {
        LiveConfig.Load load = config.load();
        if (load.maxConcurrency() < 1 || load.maxSeconds() < 1 || load.maxRequests() < 1) {
            throw new IllegalArgumentException("offload.live.load: max-concurrency, max-seconds and max-requests must "
                    + "be at least 1, were " + load.maxConcurrency() + ", " + load.maxSeconds() + ", "
                    + load.maxRequests());
        }
        this.vertx = vertx;
        // Deployed here, at start-up, off the event loops: deploying draws a random id from SecureRandom, a read of
        // /dev/urandom. Nothing waits for it: a load asked for before it is up starts when it is.
        this.deployment = vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start() {
                loads.complete(context);
            }
        }).onFailure(loads::completeExceptionally).toCompletionStage().toCompletableFuture();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(load.maxConcurrency()));
    }

    /**
     * Starts a load against {@code service} and answers once it runs, waiting for nothing on the calling thread (an
     * event loop): the load starts on its own context.
     *
     * @throws HttpProblem a 409 if a load is already running
     */
    Uni<LoadReport> start(Strategies.Strategy strategy, int concurrency, int seconds, int requests,
            SocketAddress service) {
        LoadRun run = new LoadRun(vertx, client, strategy, concurrency, seconds, requests, service);
        LoadRun previous = latest.get();
        if (previous != null && previous.running() || !latest.compareAndSet(previous, run)) {
            LoadReport running = latest.get().report();
            throw new HttpProblem(409, "Conflict", "a load is already running (" + running.strategy() + ", until "
                    + running.endsBy() + "); one runs at a time", null);
        }
        CompletableFuture<LoadReport> started = new CompletableFuture<>();
        loads.whenComplete((context, notDeployed) -> {
            if (notDeployed != null) {
                run.abandon();
                started.completeExceptionally(notDeployed);
                return;
            }
            context.runOnContext(nothing -> {
                try {
                    run.start();
                    started.complete(run.report());
                } catch (RuntimeException failure) {
                    run.abandon();
                    started.completeExceptionally(failure);
                }
            });
        });
        return Uni.createFrom().completionStage(started);
    }

    /** The load running now, or the last one. */
    Optional<LoadReport> latest() {
        return Optional.ofNullable(latest.get()).map(LoadRun::report);
    }

    @PreDestroy
    void stop() {
        client.close();
        // In dev mode the Vert.x instance outlives a live reload: the verticle must not.
        deployment.thenAccept(vertx::undeploy);
    }
}
