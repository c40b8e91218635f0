package dev.offload.calc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;

/** Seed 003, schemes 1 and 2: one endpoint, three modes, chosen by query, header or configuration. */
@QuarkusTest
class CalcResourceTest {

    /** Reads JSON integers as BigInteger, so a wrong or rounded result cannot compare equal. */
    static RequestSpecification exactNumbers() {
        return given().config(RestAssured.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_INTEGER)));
    }

    @Test
    void syncRunsOnAWorker() {
        given().queryParam("mode", "sync").when().get("/calc/12").then().statusCode(200)
                .body("result", equalTo(156))
                .body("strategy", equalTo("sync"))
                .body("chosenBy", equalTo("query"))
                .body("ranAs", equalTo("sync"))
                .body("endpoint.eventLoop", equalTo(true))
                .body("work.eventLoop", equalTo(false))
                .body("work.virtual", equalTo(false))
                .body("work.thread", startsWith("executor-thread-"));
    }

    @Test
    void asyncStaysOnTheEventLoop() {
        given().queryParam("mode", "async").when().get("/calc/12").then().statusCode(200)
                .body("result", equalTo(156))
                .body("strategy", equalTo("async"))
                .body("ranAs", equalTo("async"))
                .body("endpoint.eventLoop", equalTo(true))
                .body("work.eventLoop", equalTo(true))
                .body("work.thread", startsWith("vert.x-eventloop-thread-"));
    }

    @ParameterizedTest
    @CsvSource({ "999, sync, false", "1000, async, true", "-5, sync, false", "123456, async, true" })
    void autoTakesSyncBelow1000AndAsyncFrom1000(long x, String ranAs, boolean onEventLoop) {
        given().queryParam("mode", "auto").when().get("/calc/" + x).then().statusCode(200)
                .body("strategy", equalTo("auto"))
                .body("ranAs", equalTo(ranAs))
                .body("work.eventLoop", equalTo(onEventLoop));
    }

    @Test
    void withoutModeTheConfiguredStrategyRuns() {
        given().when().get("/calc/999").then().statusCode(200)
                .body("result", equalTo(999_000))
                .body("strategy", equalTo("auto"))
                .body("chosenBy", equalTo("config"))
                .body("ranAs", equalTo("sync"));
    }

    @Test
    void theHeaderChoosesWhenTheQueryDoesNot() {
        given().header("X-Calc-Mode", "async").when().get("/calc/5").then().statusCode(200)
                .body("strategy", equalTo("async"))
                .body("chosenBy", equalTo("header"))
                .body("work.eventLoop", equalTo(true));
    }

    @Test
    void theQueryWinsOverTheHeader() {
        given().header("X-Calc-Mode", "async").queryParam("mode", "sync").when().get("/calc/5").then()
                .statusCode(200)
                .body("strategy", equalTo("sync"))
                .body("chosenBy", equalTo("query"));
    }

    @ParameterizedTest
    @CsvSource({
            "3037000499, 9223372033963249500",
            "3037000500, 9223372040037250500",
            "9223372036854775807, 85070591730234615856620279821087277056",
            "-9223372036854775808, 85070591730234615856620279821087277056",
            "-1, 0",
            "0, 0" })
    void resultsAreExactBeyond64Bits(String x, String expected) {
        for (String mode : new String[] { "sync", "async", "auto" }) {
            exactNumbers().queryParam("mode", mode).when().get("/calc/" + x).then().statusCode(200)
                    .body("result", equalTo(new BigInteger(expected)))
                    // a JSON number, written out in full: not a string, not a rounded double
                    .body(containsString("\"result\":" + expected + ","));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "1.5", "1e3", "9223372036854775808", "-9223372036854775809", "0x10", "%20" })
    void badXIsA400NamingX(String x) {
        given().urlEncodingEnabled(false).when().get("/calc/" + x).then().statusCode(400)
                .body("status", equalTo(400))
                .body("parameter", equalTo("x"))
                .body("message", startsWith("x must be an integer between -9223372036854775808 and "));
    }

    @Test
    void unknownModeIsA400NamingMode() {
        given().queryParam("mode", "fast").when().get("/calc/3").then().statusCode(400)
                .body("parameter", equalTo("mode"))
                .body("value", equalTo("fast"))
                .body("message", equalTo("mode must be one of sync, async, auto"));
    }

    @Test
    void unknownHeaderModeIsA400NamingTheHeader() {
        given().header("X-Calc-Mode", "SYNC!").when().get("/calc/3").then().statusCode(400)
                .body("parameter", equalTo("X-Calc-Mode"));
    }
}
