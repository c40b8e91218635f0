package dev.offload.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import dev.offload.support.BlocksTheEventLoop;
import dev.offload.support.Concurrently;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Readiness goes DOWN while an event loop stays held, and comes back UP when it is free again. */
@QuarkusTest
@TestProfile(EventLoopHealthTest.QuickToJudge.class)
class EventLoopHealthTest {

    public static class QuickToJudge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("offload.observe.lag-threshold", "50ms", "offload.observe.lag-sustain", "300ms");
        }
    }

    @Inject
    @Readiness
    EventLoopHealth health;

    @TestHTTPResource("/test-support/block-event-loop?ms=6000")
    URI blockSixSeconds;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @TestHTTPResource("/q/health/live")
    URI liveness;

    @Test
    void readinessIsUpWhileTheLoopsAreFree() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'event-loops' }.status", equalTo("UP"));
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadSleep")
    void readinessGoesDownWhileALoopIsHeldAndUpAfterwards() {
        CompletableFuture<HttpResponse<Void>> holding = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(blockSixSeconds).build(), HttpResponse.BodyHandlers.discarding());

        await().atMost(Duration.ofSeconds(4)).until(() -> health.call().getStatus() == HealthCheckResponse.Status.DOWN);
        // Each request opens its own connection, and Vert.x spreads connections over the loops: the ones on the
        // held loop wait for it, the others answer at once, DOWN.
        assertThat(Concurrently.get(readiness, 8)).anySatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("\"status\": \"DOWN\"");
        });
        // Liveness is left alone: a held loop usually recovers, and a restart would drop every request in flight.
        assertThat(Concurrently.get(liveness, 8)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"status\": \"UP\"");
        });

        holding.join();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
