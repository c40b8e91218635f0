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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import dev.offload.support.BlocksTheEventLoop;
import dev.offload.support.Concurrently;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;

/**
 * Readiness goes DOWN while an event loop stays held for the sustain time, and comes back UP when it is free again;
 * a loop held past the threshold but for less than the sustain time (one GC pause) leaves it UP.
 */
@QuarkusTest
class EventLoopHealthTest {

    @Inject
    @Readiness
    EventLoopHealth health;

    @Inject
    SmallRyeHealthReporter reporter;

    @TestHTTPResource("/test-support/block-event-loop?ms=8000")
    URI blockEightSeconds;

    @TestHTTPResource("/test-support/block-event-loop?ms=1800")
    URI blockUnderTheSustainTime;

    @Inject
    ObserveConfig config;

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
                HttpRequest.newBuilder(blockEightSeconds).build(), HttpResponse.BodyHandlers.discarding());

        await().atMost(Duration.ofSeconds(6)).until(() -> health.call().getStatus() == HealthCheckResponse.Status.DOWN);
        // Liveness is left alone: a held loop usually recovers, and a restart would drop every request in flight.
        // Asked of SmallRye Health itself, on this thread, while the loop is held: readiness DOWN on both sides of
        // the look at liveness proves the hold lasted through it. (Asked over HTTP, the answers from the held loop
        // come only once it is free, and by then liveness would be UP whatever it does while a loop is held.)
        assertThat(reporter.getReadiness().isDown()).isTrue();
        SmallRyeHealth live = reporter.getLiveness();
        assertThat(reporter.getReadiness().isDown()).isTrue();
        assertThat(live.isDown()).as(live.getPayload().toString()).isFalse();
        assertThat(live.getPayload().toString()).doesNotContain("event-loops");
        // Each request opens its own connection, and Vert.x spreads connections over the loops: the ones on the
        // held loop wait for it, the others answer at once, DOWN.
        assertThat(Concurrently.get(readiness, 8)).anySatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("\"status\": \"DOWN\"");
        });
        assertThat(Concurrently.get(liveness, 8)).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));

        holding.join();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }

    /** One answer of the check: its status and the largest lag it shows. */
    record Look(HealthCheckResponse.Status status, Duration mostLag) {
    }

    Look look() {
        HealthCheckResponse answer = health.call();
        long most = answer.getData().orElseThrow().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("vert.x-eventloop-thread-"))
                .mapToLong(entry -> Long.parseLong(entry.getValue().toString().replace("ms", ""))).max().orElseThrow();
        return new Look(answer.getStatus(), Duration.ofMillis(most));
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadSleep")
    void aLoopHeldPastTheThresholdButForLessThanTheSustainTimeLeavesReadinessUp() throws InterruptedException {
        CompletableFuture<HttpResponse<Void>> holding = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(blockUnderTheSustainTime).build(), HttpResponse.BodyHandlers.discarding());
        List<Look> looks = new ArrayList<>();
        while (!holding.isDone()) {
            looks.add(look());
            Thread.sleep(5);
        }
        holding.join();
        looks.add(look());

        // Judged by what each answer shows, not by the clock: the lag an answer shows bounds how long it has been
        // above the threshold, so every answer whose lag is under the sustain time must be UP, however slow the
        // machine. One of them must show the loop held five times past the threshold, or the hold proved nothing
        // (the defaults, 200 ms and 2 s, leave room for that under the sustain time).
        Duration sustain = config.lagSustain();
        Duration wellPast = config.lagThreshold().multipliedBy(5);
        assertThat(wellPast).as("room under the sustain time for a hold well past the threshold").isLessThan(sustain);
        List<Look> underSustain = looks.stream().filter(look -> look.mostLag().compareTo(sustain) < 0).toList();
        assertThat(underSustain).anySatisfy(look -> assertThat(look.mostLag()).isGreaterThanOrEqualTo(wellPast));
        assertThat(underSustain).allSatisfy(look -> assertThat(look.status()).as("lag " + look.mostLag())
                .isEqualTo(HealthCheckResponse.Status.UP));
    }
}
