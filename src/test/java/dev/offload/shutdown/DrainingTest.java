package dev.offload.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.offload.error.ErrorBody;

/**
 * What SIGTERM changes, in plain Java: before it, readiness is UP and every request passes; from it on, readiness is
 * DOWN and every new request gets a JSON 503 with {@code Retry-After} and {@code Connection: close}. The same claim,
 * with a real signal and requests in flight, is {@code .ci/graceful-shutdown}'s.
 */
class DrainingTest {

    private final Draining draining = new Draining();

    @AfterEach
    void removeTheHook() {
        draining.forget();
    }

    @Test
    void beforeTheSignalReadinessIsUpAndRequestsPass() {
        assertThat(draining.stopping()).isFalse();
        assertThat(draining.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(draining.call().getName()).isEqualTo("accepting-requests");
        assertThat(draining.refuseNewRequestsWhileStopping()).isEmpty();
    }

    @Test
    void fromTheSignalOnReadinessIsDownAndNewRequestsGetA503ThatClosesTheConnection() {
        draining.signalled();

        assertThat(draining.stopping()).isTrue();
        assertThat(draining.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        Optional<RestResponse<ErrorBody>> refusal = draining.refuseNewRequestsWhileStopping();
        assertThat(refusal).isPresent();
        RestResponse<ErrorBody> answer = refusal.get();
        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getMediaType()).isEqualTo(MediaType.APPLICATION_JSON_TYPE);
        assertThat(answer.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getHeaderString("Connection")).isEqualTo("close");
        assertThat(answer.getEntity().status()).isEqualTo(503);
        assertThat(answer.getEntity().message()).contains("shutting down");
    }

    @Test
    void theHookIsRegisteredWhenTheBeanIsMadeAndRemovedWhenItGoes() {
        Draining other = new Draining();
        other.forget();
        assertThat(Runtime.getRuntime().removeShutdownHook(other.hook())).as("removed by forget()").isFalse();

        assertThat(Runtime.getRuntime().removeShutdownHook(draining.hook())).as("registered by the constructor").isTrue();
        draining.hook().run();
        assertThat(draining.stopping()).as("the hook is what sets stopping").isTrue();
    }
}
