package dev.offload.observe;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

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

    @TestHTTPResource("/test-support/block-event-loop?ms=4000")
    URI blockFourSeconds;

    @Test
    void readinessIsUpWhileTheLoopsAreFree() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'event-loops' }.status", equalTo("UP"));
    }

    @Test
    void readinessGoesDownWhileALoopIsHeldAndUpAfterwards() {
        CompletableFuture<HttpResponse<Void>> holding = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(blockFourSeconds).build(), HttpResponse.BodyHandlers.discarding());

        // A readiness request that lands on the held loop waits for it; the others answer at once.
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == 'event-loops' }.status", equalTo("DOWN")));

        holding.join();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
