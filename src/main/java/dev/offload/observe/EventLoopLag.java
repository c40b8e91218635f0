package dev.offload.observe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Measures how late each Vert.x event loop runs a task scheduled on it. A free loop runs the probe within a
 * millisecond of its due time; a loop that something blocks runs it only when the blocking is over, so the
 * lateness is how long the loop was held. Neither Vert.x nor Quarkus exports this, so we do:
 * <ul>
 * <li>{@code offload_event_loop_lag_seconds} (histogram, tag {@code loop}): every probe's lateness;</li>
 * <li>{@code offload_event_loop_lag_current_seconds} (gauge, tag {@code loop}): the lag right now, which
 * counts a probe that is overdue and has not run yet, so a loop blocked at this moment shows it;</li>
 * <li>{@link EventLoopHealth}: readiness DOWN while a loop's lag stays above the threshold.</li>
 * </ul>
 * A probe reaches a loop through public Vert.x API only: a verticle deployed with one instance per event loop, since
 * Vert.x gives each instance a context of its own on the next loop, round robin. How many loops there are is Quarkus'
 * {@code quarkus.vertx.event-loops-pool-size}, read like any other property; unset, Quarkus documents "the number of
 * CPUs detected on the system", which it raises to 2 at least. Counting too many is harmless (the instances that
 * land on a loop probed already stay idle); too few would leave loops unprobed, so the default errs upwards.
 */
@Startup
@Singleton
public class EventLoopLag {

    private static final Logger LOG = Logger.getLogger(EventLoopLag.class);
    /**
     * How many rounds of deployments may try to reach a loop not probed yet, should something else have taken a
     * turn of the round robin while the first round was deployed.
     */
    private static final int DEPLOY_ROUNDS = 4;

    private final Vertx vertx;
    private final int loopCount;
    /** The loops that have a probe, by thread name: an instance that lands on one of them stays idle. */
    private final Set<String> probedLoops = ConcurrentHashMap.newKeySet();
    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private final long intervalNanos;
    private final long thresholdNanos;
    private final MeterRegistry registry;
    private final List<LoopProbe> probes = new CopyOnWriteArrayList<>();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private volatile boolean running = true;

    EventLoopLag(Vertx vertx, ObserveConfig config, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.vertx.event-loops-pool-size") Optional<Integer> eventLoops) {
        this.vertx = vertx;
        this.intervalNanos = config.lagProbeInterval().toNanos();
        this.thresholdNanos = config.lagThreshold().toNanos();
        this.registry = registry;
        this.loopCount = eventLoops.orElse(Math.max(2, Runtime.getRuntime().availableProcessors()));
        deployProbes(loopCount, 1);
    }

    /**
     * Deploys {@code instances} probe verticles. Vert.x hands each instance the next event loop in turn, so
     * {@link #loopCount} instances in a row cover every loop; a round that found a loop twice (another deployment or
     * context took a turn meanwhile) is followed by one for the loops still missing.
     */
    private Future<String> deployProbes(int instances, int round) {
        return vertx.deployVerticle(ProbeVerticle::new, new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> {
                    deployments.add(id);
                    if (!running) { // stopped while this round was deploying
                        vertx.undeploy(id);
                    }
                })
                // On a Vert.x thread, once every instance of the round has started on its loop.
                .onComplete(deployed -> {
                    int missing = loopCount - probedLoops.size();
                    if (deployed.failed()) {
                        LOG.errorf(deployed.cause(), "The event-loop lag probes could not be deployed");
                    } else if (missing > 0 && running && round < DEPLOY_ROUNDS) {
                        // Deploying draws the deployment's id from SecureRandom, a read of /dev/urandom: not on this
                        // event loop, but on a worker.
                        vertx.executeBlocking(() -> deployProbes(missing, round + 1));
                    } else if (missing > 0 && running) {
                        LOG.warnf("The lag is probed on %d event loops (%s), %d were expected", probedLoops.size(),
                                probedLoops, loopCount);
                    }
                });
    }

    /** The largest lateness seen on any event loop since the last {@link #reset()} (or the start). */
    public Duration maxSinceReset() {
        return Duration.ofNanos(maxLagNanos.get());
    }

    /** Starts a new measuring window for {@link #maxSinceReset()}. */
    public void reset() {
        maxLagNanos.set(0);
    }

    /** Each event loop's state now, for the health check. */
    public List<LoopState> loops() {
        long now = System.nanoTime();
        return probes.stream().map(probe -> probe.state(now)).toList();
    }

    /**
     * One event loop's lag.
     *
     * @param loop the loop thread's name
     * @param lag its lag now: a probe overdue now, else the last probe's lateness
     * @param aboveFor how long the lag has stayed above the threshold without a break (zero if it is below)
     * @param probesRun how many probes have run on the loop so far
     */
    public record LoopState(String loop, Duration lag, Duration aboveFor, long probesRun) {
    }

    /** One instance per event loop; its context is bound to that loop, and so is every timer it sets. */
    private final class ProbeVerticle extends AbstractVerticle {
        @Override
        public void start() {
            // On the instance's own event loop: its thread's name is the loop's name, the metric's tag.
            String name = Thread.currentThread().getName();
            if (probedLoops.add(name)) {
                startProbe(name);
            }
        }
    }

    /** Called on the loop to probe, which the probe's timers then keep to. */
    private void startProbe(String name) {
        LoopProbe probe = new LoopProbe(name, Timer.builder("offload.event-loop.lag")
                .description("How late a task scheduled on the event loop ran: the time the loop was held")
                .tag("loop", name)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
        Gauge.builder("offload.event-loop.lag.current", probe, p -> p.state(System.nanoTime()).lag().toNanos() / 1e9)
                .description("The event loop's lag now, counting a probe that is overdue and has not run yet")
                .tag("loop", name)
                .baseUnit("seconds")
                .register(registry);
        probes.add(probe);
        probe.schedule();
    }

    @PreDestroy
    void stop() {
        running = false;
        // Vert.x may outlive this bean (dev mode's live reload keeps it): the probes leave with the bean.
        deployments.forEach(vertx::undeploy);
    }

    private final class LoopProbe {
        private final String name;
        private final Timer timer;
        private volatile long due;
        private volatile long lastLag;
        /** When the lag went above the threshold, or 0 while it is below. */
        private volatile long aboveSince;
        private final AtomicLong probesRun = new AtomicLong();

        LoopProbe(String name, Timer timer) {
            this.name = name;
            this.timer = timer;
        }

        /**
         * Called on the probe's event loop: Vert.x sets the timer on the current context, so it fires on the same
         * loop, and so does every probe after it.
         */
        void schedule() {
            due = System.nanoTime() + intervalNanos;
            vertx.timer(intervalNanos, TimeUnit.NANOSECONDS).onSuccess(fired -> {
                long ranAt = System.nanoTime();
                long lag = Math.max(0, ranAt - due);
                record(lag);
                if (running) {
                    schedule();
                }
            });
        }

        private void record(long lag) {
            lastLag = lag;
            timer.record(lag, TimeUnit.NANOSECONDS);
            maxLagNanos.accumulateAndGet(lag, Math::max);
            if (lag <= thresholdNanos) {
                aboveSince = 0;
            } else if (aboveSince == 0) {
                aboveSince = due + thresholdNanos;
            }
            probesRun.incrementAndGet();
        }

        LoopState state(long now) {
            long overdue = Math.max(0, now - due);
            long lag = overdue > 0 ? Math.max(overdue, lastLag) : lastLag;
            long since = aboveSince;
            if (since == 0 && overdue > thresholdNanos) {
                since = due + thresholdNanos;
            }
            return new LoopState(name, Duration.ofNanos(lag), Duration.ofNanos(since == 0 ? 0 : now - since),
                    probesRun.get());
        }
    }
}
