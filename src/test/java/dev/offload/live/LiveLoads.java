package dev.offload.live;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** What the live tests do through the service's own endpoints: read the state, start a load, wait for its end. */
final class LiveLoads {

    private LiveLoads() {
    }

    static JsonPath state() {
        return given().when().get("/live/state").then().statusCode(200).extract().jsonPath();
    }

    /** {@code POST /live/load} with those parameters; a null one is left out. */
    static ValidatableResponse load(String strategy, Object concurrency, Object seconds, Object requests) {
        RequestSpecification request = given();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("strategy", strategy);
        parameters.put("concurrency", concurrency);
        parameters.put("seconds", seconds);
        parameters.put("requests", requests);
        parameters.forEach((name, value) -> {
            if (value != null) {
                request.queryParam(name, value);
            }
        });
        return request.when().post("/live/load").then();
    }

    /** One lane's counts in the state, e.g. {@code lane(state, "sync-route").get("running")}. */
    static Map<String, Object> lane(JsonPath state, String key) {
        return state.getMap("lanes.find { it.lane == '" + key + "' }");
    }

    /** Waits until no load runs, and answers the state then. */
    static JsonPath afterTheLoad(Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(LiveLoads::state,
                state -> state.get("load.latest") == null || !state.getBoolean("load.latest.running"));
    }

    static Duration took(JsonPath state) {
        return Duration.between(Instant.parse(state.getString("load.latest.startedAt")),
                Instant.parse(state.getString("load.latest.endedAt")));
    }
}
