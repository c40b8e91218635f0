package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.offload.support.Concurrently;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A request that finds its lane full gets one answer, whoever sends it: {@link TurnAwayBeforeRouting}, ahead of
 * Quarkus REST, or the door's filter when that is switched off ({@link TurnedAwayInTheFilterTest}). The same status, headers,
 * body
 * and counts, down to the {@code uri} tag of {@code http.server.requests}; only the count of answers sent before
 * routing tells them apart. A request with a deadline header goes on to the filter, which reads the header once: a
 * malformed one gets its 400, a valid one the same 503. Every request, 503s included, is traced and timed.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TurnedAwayTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    MeterRegistry registry;

    @Inject
    InMemorySpanExporter spans;

    @TestHTTPResource("/")
    URI base;

    /**
     * How many of this test's 503s should have been answered before routing: all but the one with a deadline header,
     * which the filter answers.
     */
    int expectedBeforeRouting(int turnedAway) {
        return turnedAway - 1;
    }

    static final List<String> PATHS = List.of("/async-call", "/sync-route", "/sync-route/virtual", "/method3");

    /** The requests each path let in, and its counts before its 503s, for the last test to see them end. */
    record LetIn(String path, List<CompletableFuture<HttpResponse<String>>> holding, long served200Before,
            long served400Before, long served503Before, long traced200Before) {
    }

    private final List<LetIn> letIn = new CopyOnWriteArrayList<>();

    @ParameterizedTest
    @Order(1)
    @FieldSource("PATHS")
    void aRequestThatFindsItsLaneFullGetsTheLanesFullAnswer(String path) {
        String lane = laneOf(path);
        double rejectedBefore = rejected(lane);
        double beforeRoutingBefore = answeredBeforeRouting();
        long countedBefore = served(path, "503");
        long counted400Before = served(path, "400");
        long counted200Before = served(path, "200");
        long tracedBefore = traced(path, 503);
        long tracedOkBefore = traced(path, 200);
        long traced400Before = traced(path, 400);
        List<CompletableFuture<HttpResponse<String>>> holding = fill(path, lane);

        // All at once, while the requests let in hold the lane (2 s): however slow the machine, they are answered
        // within the time of one request, not five one after another.
        URI uri = base.resolve(path.substring(1));
        List<HttpResponse<String>> answers = Concurrently.send(5, i -> switch (i) {
            // A valid deadline header changes nothing; a malformed one is a 400 that names it, as when there is room.
            case 3 -> HttpRequest.newBuilder(uri).header("grpc-timeout", "5S").build();
            case 4 -> HttpRequest.newBuilder(uri).header("X-Timeout-Millis", "soon").build();
            default -> HttpRequest.newBuilder(uri).build();
        });
        for (HttpResponse<String> answer : answers.subList(0, 3)) {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(answer.body()).isEqualTo("{\"status\":503,\"error\":\"Service Unavailable\",\"message\":"
                    + "\"too many requests are running or waiting on the " + lane + " lane; retry after 3 s\"}");
        }
        assertThat(answers.get(3).statusCode()).isEqualTo(503);
        assertThat(answers.get(4).statusCode()).isEqualTo(400);
        assertThat(JsonPath.from(answers.get(4).body()).getString("parameter")).isEqualTo("X-Timeout-Millis");

        assertThat(rejected(lane)).isEqualTo(rejectedBefore + 4);
        assertThat(answeredBeforeRouting()).isEqualTo(beforeRoutingBefore + expectedBeforeRouting(4));
        // Timed under the endpoint's own path template, as the filter's answers are (the benchmark reads these).
        await().atMost(FailingWellTest.QUIET_WAIT).until(() -> served(path, "503") == countedBefore + 4);
        // Traced, each once.
        await().atMost(FailingWellTest.QUIET_WAIT)
                .until(() -> traced(path, 400) == traced400Before + 1 && traced(path, 503) >= tracedBefore + 4);
        assertThat(traced(path, 503)).isEqualTo(tracedBefore + 4);
        // The requests let in end seconds later: the last test waits for them all at once, not one lane at a time.
        letIn.add(new LetIn(path, holding, counted200Before, counted400Before, countedBefore, tracedOkBefore));
    }

    @Test
    @Order(2)
    void theRequestsLetInAreTracedAndTimedAndNo503IsTimedTwice() {
        assertThat(letIn).extracting(LetIn::path).as("the full lanes the test above left running")
                .containsExactlyInAnyOrderElementsOf(PATHS);
        letIn.forEach(lane -> lane.holding().forEach(CompletableFuture::join));
        for (LetIn lane : letIn) {
            String path = lane.path();
            // The requests let in are traced.
            await().atMost(FailingWellTest.QUIET_WAIT).until(() -> traced(path, 200) == lane.traced200Before() + 3);
            // And timed, as is the 400.
            await().atMost(FailingWellTest.QUIET_WAIT)
                    .until(() -> served(path, "200") == lane.served200Before() + 3);
            assertThat(served(path, "400")).as(path).isEqualTo(lane.served400Before() + 1);
            // Seconds after the 503s were sent, no 503 was timed twice.
            assertThat(served(path, "503")).as(path).isEqualTo(lane.served503Before() + 4);
        }
    }

    /** The server spans exported so far for {@code path} that ended with {@code status}. */
    private long traced(String path, long status) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER)
                .filter(span -> path.equals(span.getAttributes().get(AttributeKey.stringKey("url.path"))))
                .filter(span -> Long.valueOf(status)
                        .equals(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))))
                .count();
    }

    /** Two requests take the lane's two slots and a third its one place in the queue (TightLimits). */
    private List<CompletableFuture<HttpResponse<String>>> fill(String path, String lane) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path.substring(1))).build();
        List<CompletableFuture<HttpResponse<String>>> holding = IntStream.range(0, 3)
                .mapToObj(i -> CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
        await().atMost(FailingWellTest.QUIET_WAIT)
                .until(() -> gauge("offload.lane.running", lane) == 2 && gauge("offload.lane.waiting", lane) == 1);
        return holding;
    }

    private static String laneOf(String path) {
        return switch (path) {
            case "/async-call" -> "to-thread";
            case "/sync-route" -> "sync-route";
            case "/sync-route/virtual" -> "virtual-thread";
            default -> "run-in-threadpool";
        };
    }

    private double gauge(String name, String lane) {
        Gauge gauge = registry.find(name).tag("lane", lane).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private double rejected(String lane) {
        return registry.find("offload.lane.rejected").tag("lane", lane).counter().count();
    }

    private double answeredBeforeRouting() {
        Counter counter = registry.find("offload.lane.rejected.before.routing").counter();
        return counter == null ? 0 : counter.count();
    }

    private long served(String uri, String status) {
        Timer timer = registry.find("http.server.requests").tag("uri", uri).tag("status", status).timer();
        return timer == null ? 0 : timer.count();
    }
}
