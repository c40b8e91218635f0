package dev.offload.door;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.offload.support.Documented;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Deadlines that travel: a client states its deadline as other ecosystems send it, the work reads what is left of it
 * wherever the door runs it, and a malformed header gets a 400 that names it before anything runs.
 */
@QuarkusTest
class DeadlineHeadersTest {

    @Inject
    LanesConfig lanes;

    @ParameterizedTest
    @CsvSource({ "X-Timeout-Millis, 400, 400", "grpc-timeout, 400m, 400", "grpc-timeout, 1H, 10000",
            "x-envoy-expected-rq-timeout-ms, 400, 400", "x-envoy-expected-rq-timeout-ms, 0, 10000" })
    void theWorkReadsItsRemainingBudgetAfterAHop(String header, String value, long atMost) {
        long left = Long.parseLong(given().header(header, value).when().get("/test-support/door/budget").then()
                .statusCode(200).extract().asString());
        assertThat(left).isPositive().isLessThanOrEqualTo(atMost);
    }

    @ParameterizedTest
    @CsvSource({ "X-Timeout-Millis, 0", "X-Timeout-Millis, 1.5", "grpc-timeout, 400", "grpc-timeout, 0m",
            "x-envoy-expected-rq-timeout-ms, -5" })
    void aMalformedDeadlineIsA400NamingTheHeaderOnEveryLane(String header, String value) {
        for (Documented.Operation operation : Documented.behindTheDoor()) {
            given().header(header, value).when().request(operation.method(), operation.path()).then().statusCode(400)
                    .body("status", equalTo(400))
                    .body("parameter", equalTo(header))
                    .body("value", equalTo(value));
        }
    }

    @Test
    void anXTimeoutMillisAboveTheLanesTimeoutIsA400OnEveryLane() {
        for (Documented.Operation operation : Documented.behindTheDoor()) {
            String tooLong = Long.toString(lanes.of(operation.lane()).timeout().toMillis() + 1);
            given().header(Deadline.TIMEOUT_MILLIS, tooLong).when().request(operation.method(), operation.path()).then()
                    .statusCode(400)
                    .body("parameter", equalTo(Deadline.TIMEOUT_MILLIS))
                    .body("message", endsWith(" and " + (Long.parseLong(tooLong) - 1)));
        }
    }

    @Test
    void everyLaneAcceptsADeadlineItCanMeet() {
        given().header("X-Timeout-Millis", "5000").when().get("/calc/12?mode=sync").then().statusCode(200);
        given().header("grpc-timeout", "5S").when().post("/compute/12").then().statusCode(200);
        given().header("x-envoy-expected-rq-timeout-ms", "5000").when().get("/compute/12").then().statusCode(200);
    }
}
