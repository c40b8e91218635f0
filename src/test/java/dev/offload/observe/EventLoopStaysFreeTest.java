package dev.offload.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.offload.support.BlocksTheEventLoop;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link EventLoopLag} schedules a probe on every event loop every 5 ms (test profile); a loop that is held runs it
 * late by as long as it was held. This shows the probe catches a loop held for 400 ms. (That nothing blocks the
 * loops is not judged by lag, which a busy machine inflates too, but by the blocking-call detector, in every test:
 * {@code BlockingCallDetectorTest}, {@code support.EventLoopNeverBlocks}.)
 */
@QuarkusTest
class EventLoopStaysFreeTest {

    @Inject
    EventLoopLag lag;

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
}
