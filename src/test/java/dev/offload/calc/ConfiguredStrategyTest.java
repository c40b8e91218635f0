package dev.offload.calc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The strategy for requests that name none comes from configuration (and so from OFFLOAD_CALC_DEFAULT_MODE). */
@QuarkusTest
@TestProfile(ConfiguredStrategyTest.AsyncByDefault.class)
class ConfiguredStrategyTest {

    public static class AsyncByDefault implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("offload.calc.default-mode", "async");
        }
    }

    @Test
    void theConfiguredStrategyRunsWhenTheRequestNamesNone() {
        given().when().get("/calc/7").then().statusCode(200)
                .body("result", equalTo(56))
                .body("strategy", equalTo("async"))
                .body("chosenBy", equalTo("config"))
                .body("work.eventLoop", equalTo(true));
    }
}
