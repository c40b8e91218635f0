package dev.offload.calc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.offload.support.SwitchesOn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The strategy for requests that name none comes from configuration (and so from OFFLOAD_CALC_DEFAULT_MODE). */
@QuarkusTest
@TestProfile(SwitchesOn.class)
class ConfiguredStrategyTest {

    @Test
    void theConfiguredStrategyRunsWhenTheRequestNamesNone() {
        given().when().get("/calc/7").then().statusCode(200)
                .body("result", equalTo(56))
                .body("strategy", equalTo("async"))
                .body("chosenBy", equalTo("config"))
                .body("work.eventLoop", equalTo(true));
    }
}
