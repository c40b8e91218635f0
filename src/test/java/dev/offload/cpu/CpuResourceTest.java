package dev.offload.cpu;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.offload.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;

/** Seed 000, method 4: the CPU-bound sum on the CPU pool, never on the event loop. */
@QuarkusTest
class CpuResourceTest {

    static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void defaultNGivesTheSeedsResultSplitOverTheCpuPool() {
        given().when().get("/cpu-bound-task").then().statusCode(200)
                .body("result", equalTo(21_076_851_175L))
                .body("n", equalTo(10_000_000))
                .body("slices", equalTo(CORES))
                .body("endpoint.eventLoop", equalTo(true))
                // One thread per slice, in the order of the slices (one that finishes early may take a second one).
                .body("work.size()", equalTo(CORES))
                .body("work.thread", everyItem(startsWith("offload-cpu-")))
                .body("work.eventLoop", everyItem(equalTo(false)))
                .body("work.virtual", everyItem(equalTo(false)));
    }

    @Test
    void theSlicesRunAtTheSameTime() {
        Assumptions.assumeTrue(CORES > 1, "one core, one slice");
        AtomicInteger most = new AtomicInteger();
        CompletableFuture<Integer> sum = CompletableFuture.supplyAsync(
                () -> given().queryParam("n", "300000000").when().get("/cpu-bound-task").then().extract().statusCode());
        // About a second of every core on a quiet machine (the tests run on C1), and longer the busier it is, well
        // within the lane's 30 s: were the slices run one after another, the pool would never show more than one
        // thread busy. Judged by the pool's own gauge, not by a stopwatch.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            most.accumulateAndGet((int) new PrometheusText(given().when().get("/q/metrics").then().extract().asString())
                    .sum("executor_active_threads", "name=\"offload-cpu\""), Math::max);
            return most.get() >= CORES || sum.isDone();
        });
        assertThat(sum.join()).isEqualTo(200);
        assertThat(most.get()).as("CPU-pool threads busy at once").isEqualTo(CORES);
    }

    @Test
    void smallNIsComputedInOneSlice() {
        given().queryParam("n", "1000").when().get("/cpu-bound-task").then().statusCode(200)
                .body("result", equalTo(20_584))
                .body("slices", equalTo(1))
                .body("work[0].thread", startsWith("offload-cpu-"));
    }

    @Test
    void zeroIsTheEmptySum() {
        given().queryParam("n", "0").when().get("/cpu-bound-task").then().statusCode(200)
                .body("result", equalTo(0));
    }

    @Test
    void aLeadingPlusIsAcceptedAsInPythonsInt() {
        given().queryParam("n", "+1000").when().get("/cpu-bound-task").then().statusCode(200)
                .body("result", equalTo(20_584));
    }

    @ParameterizedTest
    @ValueSource(strings = { "-1", "abc", "1.5", "1e7", "", " 5", "1000000001", "99999999999999999999999" })
    void badNIsA400NamingN(String n) {
        given().queryParam("n", n).when().get("/cpu-bound-task").then().statusCode(400)
                .body("status", equalTo(400))
                .body("parameter", equalTo("n"))
                .body("message", startsWith("n must be an integer between 0 and 1000000000"))
                .body("value", equalTo(n))
                .body("$", not(hasKey("stackTrace")));
    }
}
