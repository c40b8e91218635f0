package dev.offload.context;

import dev.offload.support.Concurrently;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole context matrix, as it must be: which kinds of context reach which hop, and which are lost on
 * purpose. A regression either way fails: context that stops arriving, or context that starts to arrive
 * where it must not (the unmanaged pool, the isolated executor).
 */
@QuarkusTest
class ContextMatrixTest {

    /** Per hop: contextVar, mdc, requestScope, vertxLocal; true = the request's id arrived, false = nothing did. */
    static final Map<String, List<Boolean>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("event loop", List.of(true, true, true, true));
        EXPECTED.put("Mutiny runSubscriptionOn(worker pool)", List.of(true, true, true, true));
        EXPECTED.put("ManagedExecutor", List.of(true, true, true, true));
        EXPECTED.put("isolated ManagedExecutor (context cleared)", List.of(false, false, false, false));
        EXPECTED.put("CPU pool", List.of(false, false, false, false));
        EXPECTED.put("unmanaged ExecutorService", List.of(false, false, false, false));
        EXPECTED.put("Mutiny emitOn(unmanaged)", List.of(true, true, true, false));
        EXPECTED.put("Mutiny runSubscriptionOn(unmanaged)", List.of(true, true, true, false));
    }

    /**
     * The rows of the hops Quarkus makes itself, each measured on a real endpoint of that kind: first what a filter on
     * the event loop saw right after setting every kind of context there, then what reached the endpoint's thread.
     */
    static final Map<String, List<List<Boolean>>> DISPATCHED = new LinkedHashMap<>();

    static {
        DISPATCHED.put("/context/matrix/blocking", List.of(List.of(true, true, true, true), List.of(false, true, true, true)));
        DISPATCHED.put("/context/matrix/virtual", List.of(List.of(true, true, true, true), List.of(false, true, true, true)));
    }

    static final List<String> KINDS = List.of("contextVar", "mdc", "requestScope", "vertxLocal");

    @TestHTTPResource("/context/matrix")
    URI matrix;

    @Test
    void everyHopGetsExactlyTheContextItShould() {
        JsonPath answer = given().header("X-Request-Id", "matrix-1").when().get("/context/matrix").then()
                .statusCode(200).extract().jsonPath();

        assertMatrix(answer, "matrix-1");
        assertThat(answer.getList("hops.hop")).containsExactlyElementsOf(EXPECTED.keySet());
        assertThat(answer.getBoolean("hops.find { it.hop == 'event loop' }.ranOn.eventLoop")).isTrue();
        assertThat(answer.getString("hops.find { it.hop == 'ManagedExecutor' }.ranOn.thread")).startsWith("executor-thread-");

        assertThat(answer.getString("hops.find { it.hop == 'CPU pool' }.ranOn.thread")).startsWith("offload-cpu-");
        assertThat(answer.getString("hops.find { it.hop == 'unmanaged ExecutorService' }.ranOn.thread"))
                .startsWith("offload-unmanaged-");
    }

    @Test
    void theHopsQuarkusMakesItselfCarryTheVertxContextButNoThreadLocal() {
        DISPATCHED.forEach((path, arrives) -> {
            JsonPath rows = given().header("X-Request-Id", "dispatched-1").when().get(path).then().statusCode(200)
                    .extract().jsonPath();
            assertDispatched(rows, path, "dispatched-1", arrives);
        });
        JsonPath blocking = given().when().get("/context/matrix/blocking").then().extract().jsonPath();
        assertThat(blocking.getBoolean("hops[0].ranOn.eventLoop")).isTrue();
        assertThat(blocking.getBoolean("hops[1].ranOn.eventLoop")).isFalse();
        assertThat(blocking.getString("hops[1].ranOn.thread")).startsWith("executor-thread-");
        JsonPath virtual = given().when().get("/context/matrix/virtual").then().extract().jsonPath();
        assertThat(virtual.getBoolean("hops[0].ranOn.eventLoop")).isTrue();
        assertThat(virtual.getBoolean("hops[1].ranOn.virtual")).isTrue();
    }

    static void assertDispatched(JsonPath rows, String path, String id, List<List<Boolean>> arrives) {
        assertThat(rows.getString("requestId")).isEqualTo(id);
        assertThat(rows.getList("hops")).hasSize(2);
        for (int row = 0; row < 2; row++) {
            assertSeen(rows, "hops[" + row + "].seen", path + " row " + row, id, arrives.get(row));
        }
    }

    @Test
    void twoHundredConcurrentRequestsEachSeeOnlyTheirOwnId() {
        List<HttpResponse<String>> answers = Concurrently.send(200,
                i -> HttpRequest.newBuilder(matrix).header("X-Request-Id", "concurrent-" + i).build());

        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).statusCode()).isEqualTo(200);
            assertMatrix(new JsonPath(answers.get(i).body()), "concurrent-" + i);
        }
        DISPATCHED.forEach((path, arrives) -> {
            List<HttpResponse<String>> hops = Concurrently.send(200,
                    i -> HttpRequest.newBuilder(matrix.resolve(path)).header("X-Request-Id", "concurrent-" + i).build());
            for (int i = 0; i < hops.size(); i++) {
                assertThat(hops.get(i).statusCode()).isEqualTo(200);
                assertDispatched(new JsonPath(hops.get(i).body()), path, "concurrent-" + i, arrives);
            }
        });
    }

    static void assertMatrix(JsonPath answer, String id) {
        assertThat(answer.getString("requestId")).isEqualTo(id);
        EXPECTED.forEach((hop, arrives) ->
                assertSeen(answer, "hops.find { it.hop == '" + hop + "' }.seen", hop, id, arrives));
    }

    /** Each kind holds the request's own id where it arrives, and nothing (never another id) where it does not. */
    static void assertSeen(JsonPath answer, String seenAt, String hop, String id, List<Boolean> arrives) {
        for (int k = 0; k < KINDS.size(); k++) {
            String seen = answer.getString(seenAt + "." + KINDS.get(k));
            assertThat(seen).as("%s on %s for %s", KINDS.get(k), hop, id).isEqualTo(arrives.get(k) ? id : null);
        }
    }
}
