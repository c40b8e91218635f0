package dev.offload.live;

import static dev.offload.live.LiveLoads.afterTheLoad;
import static dev.offload.live.LiveLoads.lane;
import static dev.offload.live.LiveLoads.load;
import static dev.offload.live.LiveLoads.state;
import static dev.offload.live.LiveLoads.took;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.offload.door.LanesConfig;
import dev.offload.door.TightLimits;
import dev.offload.observe.EventLoopLag;
import dev.offload.observe.ObserveConfig;
import dev.offload.support.BlocksTheEventLoop;
import dev.offload.support.Concurrently;
import dev.offload.support.Documented;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The live page's endpoints: the state it polls holds every loop, lane and finding, read on the event loop; a load
 * goes through the lanes like any client, never more than its concurrency at once, and ends at its time or its count;
 * one at a time; bad input is a 400 that names the parameter. ({@code syncTask} takes 300 ms in tests.)
 */
@QuarkusTest
class LiveResourceTest {

    @Inject
    LanesConfig lanes;

    @Inject
    LiveConfig live;

    @Inject
    ObserveConfig observe;

    @Inject
    EventLoopLag lag;

    @TestHTTPResource("/test-support/block-event-loop?ms=3000")
    URI blockThreeSeconds;

    @TestHTTPResource("/live/state")
    URI stateUri;

    @AfterEach
    void noLoadOutlivesItsTest() {
        afterTheLoad(Duration.ofSeconds(40));
    }

    @Test
    void theStateShowsEveryEventLoopWithItsLagAndPendingTasksReadOnAnEventLoop() {
        JsonPath state = state();

        assertThat(state.getBoolean("endpoint.eventLoop")).isTrue();
        assertThat(state.getString("endpoint.thread")).startsWith("vert.x-eventloop-thread-");
        assertThat(state.getDouble("loops.probeIntervalMillis")).isEqualTo(observe.lagProbeInterval().toNanos() / 1e6);
        assertThat(state.getDouble("loops.thresholdMillis")).isEqualTo(observe.lagThreshold().toNanos() / 1e6);
        List<Map<String, Object>> loops = state.getList("loops.each");
        assertThat(loops).extracting(loop -> loop.get("name")).containsExactlyInAnyOrderElementsOf(
                lag.loops().stream().map(EventLoopLag.LoopState::loop).toList());
        assertThat(loops).isNotEmpty().allSatisfy(loop -> {
            assertThat((String) loop.get("name")).startsWith("vert.x-eventloop-thread-");
            // Read from Netty's gauge: null would mean the gauge was not found for this loop.
            assertThat(loop.get("pendingTasks")).isInstanceOf(Number.class);
            assertThat(((Number) loop.get("pendingTasks")).longValue()).isGreaterThanOrEqualTo(0);
            assertThat(((Number) loop.get("probesRun")).longValue()).isPositive();
        });
        // Live: the probes keep running between two reads.
        long probed = loops.stream().mapToLong(loop -> ((Number) loop.get("probesRun")).longValue()).sum();
        await().atMost(Duration.ofSeconds(5)).until(() -> state().getList("loops.each.probesRun",
                Long.class).stream().mapToLong(Long::longValue).sum() > probed);
    }

    @Test
    @BlocksTheEventLoop("jdk.ThreadSleep")
    void theStateShowsAHeldLoopsLagWhileItIsHeld() {
        state(); // the first response checked against the OpenAPI document takes a while: not while the loop is held
        double threshold = observe.lagThreshold().toNanos() / 1e6;
        CompletableFuture<HttpResponse<Void>> holding = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(blockThreeSeconds).build(), HttpResponse.BodyHandlers.discarding());
        String held = await().atMost(Duration.ofSeconds(10)).until(() -> lag.loops().stream()
                .filter(loop -> loop.lag().toMillis() >= 2 * threshold).map(EventLoopLag.LoopState::loop).findFirst(),
                Optional::isPresent).orElseThrow();

        // Each request its own connection, spread over the loops: those on the free loops answer while the other is
        // held, and show its lag past the threshold.
        List<HttpResponse<String>> answers = Concurrently.get(stateUri, 4);
        holding.join();

        assertThat(answers).anySatisfy(answer -> {
            JsonPath state = new JsonPath(answer.body());
            assertThat(state.getString("endpoint.thread")).isNotEqualTo(held);
            assertThat(state.getDouble("loops.each.find { it.name == '" + held + "' }.lagMillis"))
                    .isGreaterThanOrEqualTo(2 * threshold);
        });
    }

    @Test
    void theStateShowsEveryLaneTheFindingsAndTheLoadsBounds() {
        JsonPath state = state();

        List<Map<String, Object>> shown = state.getList("lanes");
        assertThat(shown).extracting(lane -> lane.get("lane"))
                // The service's lanes, and the test resources' lane that no configuration names.
                .containsExactlyInAnyOrderElementsOf(Stream.concat(TightLimits.LANES.stream(), Stream.of("adopted"))
                        .toList());
        for (String each : TightLimits.LANES) {
            Map<String, Object> counts = lane(state, each);
            assertThat(counts.get("limit")).as(each).isEqualTo(lanes.of(each).maxConcurrent());
            assertThat(counts.get("running")).as(each).isEqualTo(0);
            assertThat(counts.get("waiting")).as(each).isEqualTo(0);
        }
        assertThat(state.getBoolean("blockingCalls.enabled")).isTrue();
        assertThat(state.getMap("blockingCalls")).containsEntry("unavailable", null); // JFR records on the JVM
        assertThat(state.getDouble("stuckWork.thresholdMillis")).isEqualTo(observe.watchdog().threshold().toMillis());
        assertThat(state.getBoolean("load.enabled")).isTrue();
        assertThat(state.getInt("load.maxConcurrency")).isEqualTo(live.load().maxConcurrency());
        assertThat(state.getInt("load.maxSeconds")).isEqualTo(live.load().maxSeconds());
        assertThat(state.getInt("load.maxRequests")).isEqualTo(live.load().maxRequests());
    }

    @Test
    void theStrategiesAreTheDocumentedOperationsBehindTheDoorWithoutTheControlWhileItIsOff() {
        List<Map<String, Object>> strategies = state().getList("load.strategies");

        assertThat(strategies).extracting(strategy -> strategy.get("method") + " " + strategy.get("path") + " ("
                + strategy.get("lane") + ")").containsExactlyInAnyOrderElementsOf(
                        Documented.behindTheDoor().stream().map(Documented.Operation::toString).toList());
        assertThat(strategies).allSatisfy(strategy -> assertThat(strategy.get("control")).isEqualTo(false));
        assertThat(strategies).extracting(strategy -> strategy.get("id")).doesNotHaveDuplicates();
    }

    @Test
    void aLoadGoesThroughItsLaneNeverMoreThanItsConcurrencyAtOnceAndEndsWhenItsTimeIsUp() {
        int concurrency = 3;
        int seconds = 2;
        // The first response a test checks against the OpenAPI document takes a while: not while the load runs.
        state();
        load("syncRoute", concurrency, seconds, live.load().maxRequests()).statusCode(200)
                .body("strategy", equalTo("syncRoute"))
                .body("method", equalTo("GET"))
                .body("path", equalTo("/sync-route"))
                .body("running", equalTo(true))
                .body("concurrency", equalTo(concurrency))
                // The load's client runs on an event loop (and the detector, after this class, proves it never blocks it).
                .body("sender.eventLoop", equalTo(true))
                .body("sender.thread", startsWith("vert.x-eventloop-thread-"));

        int mostRunning = 0;
        long mostInFlight = 0;
        long giveUp = System.nanoTime() + Duration.ofSeconds(seconds + 10).toNanos();
        JsonPath state = state();
        while (state.getBoolean("load.latest.running") && System.nanoTime() < giveUp) {
            mostRunning = Math.max(mostRunning, (Integer) lane(state, "sync-route").get("running"));
            mostInFlight = Math.max(mostInFlight, state.getLong("load.latest.inFlight"));
            state = state();
        }
        assertThat(state.getBoolean("load.latest.running")).as("still running " + (seconds + 10) + " s later").isFalse();

        // Its requests show up in the lane's counts, as many as it keeps in flight and never more.
        assertThat(mostRunning).isEqualTo(concurrency);
        assertThat(mostInFlight).isEqualTo(concurrency);
        // Ended by its time: at the bound, not before, and promptly after it, with what was in flight cut.
        assertThat(took(state)).isBetween(Duration.ofSeconds(seconds).minusMillis(10),
                Duration.ofSeconds(seconds).plusSeconds(1));
        Map<String, Integer> statuses = state.getMap("load.latest.statuses", String.class, Integer.class);
        assertThat(statuses).containsOnlyKeys("200");
        assertThat(statuses.get("200")).isGreaterThanOrEqualTo(concurrency);
        long answered = statuses.values().stream().mapToLong(Integer::longValue).sum();
        assertThat(state.getLong("load.latest.sent")).isEqualTo(answered + state.getLong("load.latest.failed")
                + state.getLong("load.latest.cut"));
        assertThat(state.getLong("load.latest.failed")).isZero();
        assertThat(state.getLong("load.latest.inFlight")).isZero();
        // The cut requests' client hung up, so the door cancelled their work and the lane empties.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Map<String, Object> counts = lane(state(), "sync-route");
            return counts.get("running").equals(0) && counts.get("waiting").equals(0);
        });
    }

    @Test
    void aLoadEndsWhenItHasSentItsCount() {
        JsonPath state;
        load("calc", 2, 20, 7).statusCode(200).body("requests", equalTo(7));

        state = afterTheLoad(Duration.ofSeconds(15));

        assertThat(state.getLong("load.latest.sent")).isEqualTo(7);
        assertThat(state.getMap("load.latest.statuses", String.class, Integer.class)).containsExactly(Map.entry("200", 7));
        assertThat(state.getLong("load.latest.cut")).isZero();
        assertThat(took(state)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void oneLoadRunsAtATime() {
        load("syncRoute", 1, 2, 10).statusCode(200);

        load("calc", 1, 1, 1).statusCode(409)
                .body("status", equalTo(409))
                .body("message", containsString("already running"));
        assertThat(state().getString("load.latest.strategy")).isEqualTo("syncRoute");
    }

    @Test
    void badInputIsA400ThatNamesTheParameterAndStartsNothing() {
        LiveConfig.Load bounds = live.load();
        String before = state().getString("load.latest.startedAt");
        record Bad(String strategy, Object concurrency, Object seconds, Object requests, String parameter) {
        }
        List<Bad> bad = List.of(
                new Bad(null, 1, 1, 1, "strategy"),
                new Bad("noSuchOperation", 1, 1, 1, "strategy"),
                // The control is no strategy while it is switched off.
                new Bad("sleepOnEventLoop", 1, 1, 1, "strategy"),
                new Bad("calc", null, 1, 1, "concurrency"),
                new Bad("calc", 0, 1, 1, "concurrency"),
                new Bad("calc", bounds.maxConcurrency() + 1, 1, 1, "concurrency"),
                new Bad("calc", "1.5", 1, 1, "concurrency"),
                new Bad("calc", 1, 0, 1, "seconds"),
                new Bad("calc", 1, bounds.maxSeconds() + 1, 1, "seconds"),
                new Bad("calc", 1, "ten", 1, "seconds"),
                new Bad("calc", 1, 1, 0, "requests"),
                new Bad("calc", 1, 1, bounds.maxRequests() + 1, "requests"),
                new Bad("calc", 1, 1, null, "requests"));
        for (Bad each : bad) {
            load(each.strategy(), each.concurrency(), each.seconds(), each.requests()).statusCode(400)
                    .body("status", equalTo(400))
                    .body("parameter", equalTo(each.parameter()));
        }
        given().queryParam("strategy", "noSuchOperation").queryParam("concurrency", 1).queryParam("seconds", 1)
                .queryParam("requests", 1).when().post("/live/load").then().statusCode(400)
                .body("message", containsString("syncRoute"));

        assertThat(state().getString("load.latest.startedAt")).isEqualTo(before);
    }
}
