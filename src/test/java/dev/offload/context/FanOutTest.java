package dev.offload.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.offload.support.Concurrently;
import dev.offload.support.Json;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * One request fanned out to concurrent subtasks: each subtask sees its own request's values and span and nobody
 * else's, also when 200 requests fan out at once; the CPU pool's subtasks see nothing and get the id as an argument.
 * Only the answers are judged, so the same checks run against the packaged jar ({@link FanOutIT}); that nothing is
 * left behind on the pools' threads is {@link NothingLeftBehindTest}'s.
 */
@QuarkusTest
class FanOutTest {

    /** Per hop, per kind of context (in {@link ContextMatrixTest#KINDS}' order): whether the request's value arrives. */
    static final Map<String, List<Boolean>> EXPECTED = Map.of(
            "ManagedExecutor", List.of(true, true, true, true, true, true, true),
            "virtual thread (@VirtualThreads executor)", List.of(false, true, true, true, true, true, true),
            "Mutiny runSubscriptionOn(worker pool)", List.of(true, true, true, true, true, true, true),
            "CPU pool", List.of(false, false, false, false, false, false, false));

    static final List<String> ORDER = List.of("ManagedExecutor", "virtual thread (@VirtualThreads executor)",
            "Mutiny runSubscriptionOn(worker pool)", "CPU pool");

    @TestHTTPResource("/context/fan-out?perHop=2")
    URI fanOut;

    @Test
    void everySubtaskSeesItsOwnRequestsValuesAndTheCpuPoolOnlyItsArguments() {
        JsonPath answer = given().header("X-Request-Id", "fan-1").queryParam("perHop", 3).when().get("/context/fan-out")
                .then().statusCode(200).extract().jsonPath();

        assertFanOut(answer.getMap("$"), "fan-1", 3);
    }

    @Test
    void twoHundredConcurrentFanOutsDoNotMix() {
        List<HttpResponse<String>> answers = Concurrently.send(200,
                i -> HttpRequest.newBuilder(fanOut).header("X-Request-Id", "fan-out-" + i).build());

        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).statusCode()).isEqualTo(200);
            assertFanOut(Json.parse(answers.get(i).body()), "fan-out-" + i, 2);
        }
    }

    @SuppressWarnings("unchecked")
    static void assertFanOut(Map<String, Object> answer, String id, int perHop) {
        assertThat(answer.get("requestId")).isEqualTo(id);
        List<Map<String, Object>> subtasks = Json.list(answer, "subtasks");
        assertThat(subtasks).hasSize(perHop * ORDER.size());
        for (int i = 0; i < subtasks.size(); i++) {
            Map<String, Object> subtask = subtasks.get(i);
            String hop = ORDER.get(i % ORDER.size());
            assertThat(subtask.get("subtask")).isEqualTo(i);
            assertThat(subtask.get("hop")).isEqualTo(hop);
            assertThat(subtask.get("argument")).isEqualTo(hop.equals("CPU pool") ? id : null);
            ContextMatrixTest.assertSeen(ContextMatrixTest.seenOf((Map<String, Object>) subtask.get("seen")),
                    hop + " #" + i, id, (String) answer.get("requestSpan"), EXPECTED.get(hop));
        }
    }
}
