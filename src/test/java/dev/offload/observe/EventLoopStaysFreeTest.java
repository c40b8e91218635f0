package dev.offload.observe;

import dev.offload.support.BlocksTheEventLoop;
import dev.offload.support.Concurrently;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing blocks the event loop. {@link EventLoopLag} schedules a probe on every event loop every 5 ms (test
 * profile); a loop that is held runs it late by as long as it was held. The non-blocking endpoints are driven
 * while their blocking work (300 ms of syncTask in the test profile) runs elsewhere: had any of it run on a
 * loop, the lag would reach 300 ms. The first test shows the probe does catch a loop that is held.
 */
@QuarkusTest
class EventLoopStaysFreeTest {

    /** Far below the 300 ms a blocked loop shows, far above the scheduling noise of a free one. */
    static final Duration FREE_LOOP_LAG = Duration.ofMillis(150);

    @Inject
    EventLoopLag lag;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void warmUpThenStartANewWindow() {
        given().when().get("/calc/1?mode=async").then().statusCode(200);
        lag.reset();
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadSleep")
    void theProbeCatchesAnEndpointThatBlocksTheLoop() {
        given().queryParam("ms", 400).when().get("/test-support/block-event-loop").then().statusCode(200);
        LoopProbes.waitUntilEveryLoopHasProbedAgain(lag);

        assertThat(lag.maxSinceReset()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @ParameterizedTest
    @CsvSource({
            "GET, async-call",
            "GET, method3",
            "GET, cpu-bound-task",
            "GET, calc/12?mode=sync",
            "GET, calc/12?mode=async",
            "GET, calc/5000?mode=auto",
            "GET, ping",
            "POST, compute/12"})
    void nonBlockingEndpointsLeaveTheLoopFree(String method, String path) {
        URI uri = base.resolve(path);
        List<HttpResponse<String>> answers = Concurrently.send(10,
                i -> HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build());

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
        LoopProbes.waitUntilEveryLoopHasProbedAgain(lag);
        assertThat(lag.maxSinceReset()).isLessThan(FREE_LOOP_LAG);
    }
}
