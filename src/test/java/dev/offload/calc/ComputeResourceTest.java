package dev.offload.calc;

import static dev.offload.calc.CalcResourceTest.exactNumbers;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/** Seed 003, scheme 3: one path, GET blocking on a worker, POST non-blocking on the event loop. */
@QuarkusTest
class ComputeResourceTest {

    @Test
    void getIsTheBlockingTwinOnAWorker() {
        exactNumbers().when().get("/compute/3037000500").then().statusCode(200)
                .body("result", equalTo(new BigInteger("9223372040037250500")))
                .body("endpoint.eventLoop", equalTo(false))
                .body("endpoint.thread", startsWith("executor-thread-"))
                .body("work.eventLoop", equalTo(false));
    }

    @Test
    void postIsTheNonBlockingTwinOnTheEventLoop() {
        exactNumbers().when().post("/compute/3037000500").then().statusCode(200)
                .body("result", equalTo(new BigInteger("9223372040037250500")))
                .body("endpoint.eventLoop", equalTo(true))
                .body("work.eventLoop", equalTo(true))
                .body("work.thread", startsWith("vert.x-eventloop-thread-"));
    }

    /** The README's promise: exact for every 64-bit x, negative ones too, on both twins (x*x+x as Python's int). */
    @ParameterizedTest
    @ValueSource(longs = { Long.MIN_VALUE, -3037000500L, -5, -1, 0, 1, Long.MAX_VALUE })
    void everySixtyFourBitXIsExactOnBothTwins(long x) {
        BigInteger big = BigInteger.valueOf(x);
        BigInteger expected = big.multiply(big).add(big);

        exactNumbers().when().get("/compute/" + x).then().statusCode(200).body("result", equalTo(expected));
        exactNumbers().when().post("/compute/" + x).then().statusCode(200).body("result", equalTo(expected));
    }

    @Test
    void badXIsA400NamingXForBothMethods() {
        given().when().get("/compute/ten").then().statusCode(400).body("parameter", equalTo("x"));
        given().when().post("/compute/ten").then().statusCode(400).body("parameter", equalTo("x"));
    }
}
