package dev.offload.antipattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** By default the control and the delay switch do not exist for clients: a JSON 404, and nothing blocks. */
@QuarkusTest
class AntiPatternOffTest {

    @Test
    void theControlIsAbsentByDefault() {
        given().when().get("/anti-pattern/sleep-on-event-loop").then().statusCode(404)
                .body("status", equalTo(404))
                .body("message", containsString("offload.anti-pattern.enabled=true"));
    }

    @Test
    void theDelaySwitchIsAbsentByDefault() {
        given().queryParam("ms", 5).when().put("/sync-task/delay").then().statusCode(404)
                .body("status", equalTo(404))
                .body("message", containsString("offload.sync-task.delay-switch=true"));
    }
}
