package dev.offload.shutdown;

import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.offload.error.ErrorBody;
import io.quarkus.runtime.Startup;

/**
 * Graceful shutdown, the part Quarkus leaves open. On SIGTERM Quarkus waits up to
 * {@code quarkus.shutdown.timeout} for the requests in flight, but keeps serving new ones meanwhile (seen on
 * 3.34.1). From the signal on, this answers every new request with a JSON 503, {@code Retry-After} and
 * {@code Connection: close}, so a client or load balancer retries elsewhere, and readiness goes DOWN; the
 * requests already running finish undisturbed.
 */
@Startup
@Singleton
@Default // beside @Readiness, so that the request filter Quarkus generates can inject this bean
@Readiness
public class Draining implements HealthCheck {

    private volatile boolean stopping;
    private final Thread onSignal = Thread.ofPlatform().name("offload-draining").unstarted(this::signalled);

    Draining() {
        // A JVM shutdown hook runs as soon as SIGTERM arrives, beside Quarkus' own, before the wait begins.
        Runtime.getRuntime().addShutdownHook(onSignal);
    }

    @ServerRequestFilter(preMatching = true, nonBlocking = true)
    public Optional<RestResponse<ErrorBody>> refuseNewRequestsWhileStopping() {
        if (!stopping) {
            return Optional.empty();
        }
        return Optional.of(RestResponse.ResponseBuilder
                .create(RestResponse.Status.SERVICE_UNAVAILABLE, ErrorBody.of(503, "Service Unavailable",
                        "the service is shutting down; retry on another instance"))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, 1)
                .header("Connection", "close")
                .build());
    }

    /** The shutdown hook this bean registers, for its test. */
    Thread hook() {
        return onSignal;
    }

    /** SIGTERM has come: what the shutdown hook runs. */
    void signalled() {
        stopping = true;
    }

    /** Whether SIGTERM has come: new requests get this class's 503. */
    public boolean stopping() {
        return stopping;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("accepting-requests").status(!stopping).build();
    }

    @PreDestroy
    void forget() {
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException shuttingDown) {
            // The hook has run or is running: nothing to remove.
        }
    }
}
