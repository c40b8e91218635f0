package dev.offload.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.offload.support.Concurrently;
import dev.offload.support.Json;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The whole context matrix, as it must be: which kinds of context reach which hop, and which are lost on purpose. A
 * regression either way fails: context that stops arriving, or context that starts to arrive where it must not (the
 * unmanaged pool, the isolated executor). Only what the service answers is judged, so the same checks run against
 * the packaged jar ({@link ContextMatrixIT}); the spans the hops start are judged in {@link ContextMatrixSpansTest}.
 */
@QuarkusTest
class ContextMatrixTest {

    /** The kinds of context, in the order of the flags below. */
    static final List<String> KINDS = List.of("contextVar", "mdc", "requestScope", "vertxLocal", "scopedValue", "span",
            "logSpan");

    /** The kinds whose value is the request's span ({@code traceId/spanId}) rather than its id. */
    static final List<String> SPANS = List.of("span", "logSpan");

    /** Per hop, per kind: true = the request's value arrived, false = nothing did. */
    static final Map<String, List<Boolean>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("event loop", List.of(true, true, true, true, true, true, true));
        EXPECTED.put("Mutiny runSubscriptionOn(worker pool)", List.of(true, true, true, true, false, true, true));
        EXPECTED.put("ManagedExecutor", List.of(true, true, true, true, false, true, true));
        EXPECTED.put("virtual thread (@VirtualThreads executor)", List.of(false, true, true, true, false, true, true));
        EXPECTED.put("isolated ManagedExecutor (context cleared)", List.of(false, false, false, false, false, false, false));
        EXPECTED.put("CPU pool", List.of(false, false, false, false, false, false, false));
        EXPECTED.put("unmanaged ExecutorService", List.of(false, false, false, false, false, false, false));
        EXPECTED.put("Mutiny emitOn(unmanaged)", List.of(true, true, true, false, false, true, true));
        EXPECTED.put("Mutiny runSubscriptionOn(unmanaged)", List.of(true, true, true, false, false, true, true));
    }

    /**
     * The hops Quarkus makes itself, each measured on a real endpoint of that kind: first what a filter on the event
     * loop saw right after setting every kind of context there, then what reached the endpoint's thread.
     */
    static final Map<String, List<List<Boolean>>> DISPATCHED = new LinkedHashMap<>();

    static {
        List<Boolean> inTheFilter = List.of(true, true, true, true, true, true, true);
        List<Boolean> onTheThreadQuarkusChose = List.of(false, true, true, true, false, true, true);
        DISPATCHED.put("/context/matrix/blocking", List.of(inTheFilter, onTheThreadQuarkusChose));
        DISPATCHED.put("/context/matrix/virtual", List.of(inTheFilter, onTheThreadQuarkusChose));
        // Fault Tolerance's rows: its bulkhead and timeout add no hop on the thread Quarkus chose; @Asynchronous hops
        // to the ManagedExecutor.
        DISPATCHED.put("/context/matrix/fault-tolerance/bulkhead", List.of(inTheFilter, onTheThreadQuarkusChose));
        DISPATCHED.put("/context/matrix/fault-tolerance/virtual", List.of(inTheFilter, onTheThreadQuarkusChose));
        DISPATCHED.put("/context/matrix/fault-tolerance/asynchronous", List.of(inTheFilter, onTheThreadQuarkusChose));
    }

    /**
     * The rows that hold for one request but not under concurrency: a Fault Tolerance {@code @Asynchronous} call is
     * started from whichever thread its bulkhead's queue is drained on, and takes that thread's context
     * ({@link QueuedCallContextTest}).
     */
    static final Set<String> CROSS_TALK = Set.of("/context/matrix/fault-tolerance/asynchronous");

    @TestHTTPResource("/context/matrix")
    URI matrix;

    @Test
    void everyHopGetsExactlyTheContextItShould() {
        JsonPath answer = given().header("X-Request-Id", "matrix-1").when().get("/context/matrix").then()
                .statusCode(200).extract().jsonPath();

        assertMatrix(answer.getMap("$"), "matrix-1");
        assertThat(answer.getList("hops.hop")).containsExactlyElementsOf(EXPECTED.keySet());
        assertThat(answer.getBoolean("hops.find { it.hop == 'event loop' }.ranOn.eventLoop")).isTrue();
        assertThat(answer.getString("hops.find { it.hop == 'ManagedExecutor' }.ranOn.thread")).startsWith("executor-thread-");
        assertThat(answer.getBoolean("hops.find { it.hop == 'virtual thread (@VirtualThreads executor)' }.ranOn.virtual"))
                .isTrue();
        assertThat(answer.getString("hops.find { it.hop == 'CPU pool' }.ranOn.thread")).startsWith("offload-cpu-");
        assertThat(answer.getString("hops.find { it.hop == 'unmanaged ExecutorService' }.ranOn.thread"))
                .startsWith("offload-unmanaged-");
    }

    @Test
    void theHopsQuarkusMakesItselfCarryTheVertxContextButNoThreadLocal() {
        DISPATCHED.forEach((path, arrives) -> {
            JsonPath rows = given().header("X-Request-Id", "dispatched-1").when().get(path).then().statusCode(200)
                    .extract().jsonPath();
            assertDispatched(rows.getMap("$"), path, "dispatched-1", arrives);
        });
        JsonPath blocking = given().when().get("/context/matrix/blocking").then().extract().jsonPath();
        assertThat(blocking.getBoolean("hops[0].ranOn.eventLoop")).isTrue();
        assertThat(blocking.getBoolean("hops[1].ranOn.eventLoop")).isFalse();
        assertThat(blocking.getString("hops[1].ranOn.thread")).startsWith("executor-thread-");
        JsonPath virtual = given().when().get("/context/matrix/virtual").then().extract().jsonPath();
        assertThat(virtual.getBoolean("hops[0].ranOn.eventLoop")).isTrue();
        assertThat(virtual.getBoolean("hops[1].ranOn.virtual")).isTrue();
        for (String onAWorker : List.of("bulkhead", "asynchronous")) {
            JsonPath rows = given().when().get("/context/matrix/fault-tolerance/" + onAWorker).then().extract()
                    .jsonPath();
            assertThat(rows.getBoolean("hops[0].ranOn.eventLoop")).isTrue();
            assertThat(rows.getBoolean("hops[1].ranOn.eventLoop")).as(onAWorker).isFalse();
            assertThat(rows.getString("hops[1].ranOn.thread")).as(onAWorker).startsWith("executor-thread-");
        }
        assertThat(given().when().get("/context/matrix/fault-tolerance/virtual").then().extract().jsonPath()
                .getBoolean("hops[1].ranOn.virtual")).isTrue();
    }

    @Test
    void twoHundredConcurrentRequestsEachSeeOnlyTheirOwnValuesAndSpan() {
        List<HttpResponse<String>> answers = Concurrently.send(200,
                i -> HttpRequest.newBuilder(matrix).header("X-Request-Id", "concurrent-" + i).build());

        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).statusCode()).isEqualTo(200);
            assertMatrix(Json.parse(answers.get(i).body()), "concurrent-" + i);
        }
        assertThat(answers.stream().map(answer -> Json.parse(answer.body()).get("requestSpan")).distinct())
                .as("every request has a span of its own").hasSize(200);
        DISPATCHED.forEach((path, arrives) -> {
            if (CROSS_TALK.contains(path)) {
                return;
            }
            List<HttpResponse<String>> hops = Concurrently.send(200,
                    i -> HttpRequest.newBuilder(matrix.resolve(path)).header("X-Request-Id", "concurrent-" + i).build());
            for (int i = 0; i < hops.size(); i++) {
                assertThat(hops.get(i).statusCode()).isEqualTo(200);
                assertDispatched(Json.parse(hops.get(i).body()), path, "concurrent-" + i, arrives);
            }
        });
    }

    static void assertDispatched(Map<String, Object> rows, String path, String id, List<List<Boolean>> arrives) {
        assertThat(rows.get("requestId")).isEqualTo(id);
        List<Map<String, Object>> hops = Json.list(rows, "hops");
        assertThat(hops).hasSize(2);
        for (int row = 0; row < 2; row++) {
            assertSeen(seenOf(hops.get(row)), path + " row " + row, id, (String) rows.get("requestSpan"),
                    arrives.get(row));
        }
    }

    static void assertMatrix(Map<String, Object> answer, String id) {
        assertThat(answer.get("requestId")).isEqualTo(id);
        String span = (String) answer.get("requestSpan");
        assertThat(span).matches("[0-9a-f]{32}/[0-9a-f]{16}");
        Map<Object, Map<String, Object>> byHop = new LinkedHashMap<>();
        for (Map<String, Object> row : Json.list(answer, "hops")) {
            byHop.put(row.get("hop"), seenOf(row));
        }
        EXPECTED.forEach((hop, arrives) -> assertSeen(byHop.get(hop), hop, id, span, arrives));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> seenOf(Map<String, Object> row) {
        return (Map<String, Object>) row.get("seen");
    }

    /**
     * Each kind holds the request's own value where it arrives (its id, or its span), and nothing, never another
     * request's, where it does not.
     */
    static void assertSeen(Map<String, Object> seen, String hop, String id, String span, List<Boolean> arrives) {
        assertThat(seen).as("what %s saw", hop).isNotNull();
        assertThat(span).as("the request's span").isNotNull();
        for (int k = 0; k < KINDS.size(); k++) {
            String kind = KINDS.get(k);
            String own = SPANS.contains(kind) ? span : id;
            assertThat(seen.get(kind)).as("%s on %s for %s", kind, hop, id).isEqualTo(arrives.get(k) ? own : null);
        }
    }
}
