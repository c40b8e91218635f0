package dev.offload.observe;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the service watches its event loops. */
@ConfigMapping(prefix = "offload.observe")
public interface ObserveConfig {

    /**
     * How often a probe is scheduled on each event loop to measure how late it runs. Default {@code 50ms}.
     */
    @WithDefault("50ms")
    Duration lagProbeInterval();

    /** Lag above which an event loop counts as held. Default {@code 200ms}. */
    @WithDefault("200ms")
    Duration lagThreshold();

    /**
     * How long a loop's lag must stay above {@link #lagThreshold()} before readiness goes DOWN, so that one
     * garbage-collection pause does not take the instance out of a load balancer. Default {@code 2s}.
     */
    @WithDefault("2s")
    Duration lagSustain();

    /** The blocking-call detector ({@link BlockingCallDetector}). */
    BlockingDetector blockingDetector();

    interface BlockingDetector {
        /** Whether it listens. Default {@code false}; on in dev and test ({@code application.properties}). */
        @WithDefault("false")
        boolean enabled();

        /** Blocking calls shorter than this are not reported. Default {@code 0ms}: every one. */
        @WithDefault("0ms")
        Duration threshold();

        /**
         * Methods ({@code class.method}) whose blocking calls are known and accepted: a finding whose stack passes
         * through one is not reported. Default: Quarkus' dev and test static-file handler, which reads the Swagger
         * UI's files on the event loop; ArC's {@code LazyValue}, under whose lock Quarkus makes some things on
         * their first use (a first request that finds another making it waits, once); and OpenTelemetry's batch span
         * processor, which puts each ended span in a bounded queue under that queue's lock (it never waits for room:
         * a full queue drops the span), so a loop that ends a span while another thread does may wait a moment.
         */
        @WithDefault("io.quarkus.vertx.http.runtime.devmode.FileSystemStaticHandler.sendStatic,"
                + "io.quarkus.arc.impl.LazyValue.get,"
                + "io.opentelemetry.sdk.trace.export.BatchSpanProcessor.onEnd")
        List<String> allowedIn();
    }

    /** The worker watchdog ({@link WorkerWatchdog}). */
    Watchdog watchdog();

    interface Watchdog {
        /** Work that runs longer than this is reported, once, with its stack. Default {@code 5s}. */
        @WithDefault("5s")
        Duration threshold();
    }
}
