package dev.offload.seed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.offload.support.SwitchesOn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Switched on, PUT /sync-task/delay changes how long syncTask blocks from then on; bad values are 400s. */
@QuarkusTest
@TestProfile(SwitchesOn.class)
class DelaySwitchTest {

    @Inject
    SyncTask syncTask;

    @AfterEach
    void putTheDelayBack() {
        given().queryParam("ms", 300).when().put("/sync-task/delay").then().statusCode(200);
    }

    @Test
    void theDelayChangesForTheCallsThatFollow() {
        given().queryParam("ms", 1234).when().put("/sync-task/delay").then().statusCode(200)
                .body("delayMillis", equalTo(1234));
        assertThat(syncTask.delay()).isEqualTo(Duration.ofMillis(1234));

        // The task now needs 1234 ms: a deadline of 1000 ms makes it give up at once, naming the new delay.
        given().header("X-Timeout-Millis", "1000").when().get("/sync-route").then().statusCode(504)
                .body("message", org.hamcrest.Matchers.startsWith("syncTask needs 1234 ms"));
    }

    @Test
    void aBadDelayIsA400NamingMs() {
        for (String bad : new String[] { "-1", "60001", "abc", "" }) {
            given().queryParam("ms", bad).when().put("/sync-task/delay").then().statusCode(400)
                    .body("parameter", equalTo("ms"));
        }
        given().when().put("/sync-task/delay").then().statusCode(400).body("parameter", equalTo("ms"));
    }
}
