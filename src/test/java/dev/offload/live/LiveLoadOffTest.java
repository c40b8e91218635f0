package dev.offload.live;

import static dev.offload.live.LiveLoads.load;
import static dev.offload.live.LiveLoads.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.offload.support.SwitchesOn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Switched off, as in prod by default: no load starts, even with valid input, and the page is told so. */
@QuarkusTest
@TestProfile(SwitchesOn.class)
class LiveLoadOffTest {

    @Test
    void aLoadIsA404AndTheStateSaysLoadsAreOff() {
        load("syncRoute", 1, 1, 1).statusCode(404)
                .body("status", equalTo(404))
                .body("message", containsString("offload.live.load.enabled=true"));

        JsonPath state = state();
        assertThat(state.getBoolean("load.enabled")).isFalse();
        assertThat(state.getList("load.strategies")).isEmpty();
        assertThat(state.<Object> get("load.latest")).isNull();
    }
}
