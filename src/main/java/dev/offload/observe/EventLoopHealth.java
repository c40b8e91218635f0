package dev.offload.observe;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN while any event loop's lag has stayed above {@code offload.observe.lag-threshold} for at
 * least {@code offload.observe.lag-sustain}. An instance whose loop is held cannot serve the requests routed
 * to it, so it should get none until the loop is free again. Liveness is left alone: a held loop usually
 * recovers, and restarting the pod would drop every request in flight.
 */
@Readiness
@ApplicationScoped
public class EventLoopHealth implements HealthCheck {

    private final EventLoopLag lag;
    private final ObserveConfig config;

    EventLoopHealth(EventLoopLag lag, ObserveConfig config) {
        this.lag = lag;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("event-loops").up()
                .withData("threshold", config.lagThreshold().toString())
                .withData("sustain", config.lagSustain().toString());
        for (EventLoopLag.LoopState loop : lag.loops()) {
            answer.withData(loop.loop(), loop.lag().toMillis() + "ms");
            if (loop.aboveFor().compareTo(config.lagSustain()) >= 0) {
                answer.down();
            }
        }
        return answer.build();
    }
}
