package dev.offload.door;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.offload.support.Documented;
import dev.offload.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;

/** Every lane's running, waiting, limit, rejected and ended counts are in /q/metrics, and so are the pools'. */
@QuarkusTest
class LaneMetricsTest {

    static PrometheusText metrics;
    static List<Documented.Operation> operations;

    @Inject
    LanesConfig lanes;

    @BeforeEach
    void useEveryLaneOnceThenScrape() {
        if (metrics != null) {
            return;
        }
        operations = Documented.behindTheDoor();
        for (Documented.Operation operation : operations) {
            given().when().request(operation.method(), operation.path()).then().statusCode(200);
        }
        metrics = new PrometheusText(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    @Test
    void everyLaneIsDeclaredByAnOperationAndEveryDeclarationNamesALane() {
        assertThat(operations.stream().map(Documented.Operation::lane).distinct())
                .containsExactlyInAnyOrderElementsOf(TightLimits.LANES);
    }

    @ParameterizedTest
    @FieldSource("dev.offload.door.TightLimits#LANES")
    void eachLaneReportsRunningWaitingLimitRejectedAndEnded(String lane) {
        String tag = "lane=\"" + lane + "\"";
        assertThat(metrics.count("offload_lane_running", tag)).isEqualTo(1);
        assertThat(metrics.sum("offload_lane_running", tag)).isZero();
        assertThat(metrics.sum("offload_lane_waiting", tag)).isZero();
        assertThat(metrics.sum("offload_lane_limit", tag)).isEqualTo(lanes.of(lane).maxConcurrent());
        assertThat(metrics.count("offload_lane_rejected_total", tag)).isEqualTo(1);
        assertThat(metrics.sum("offload_lane_ended_total", tag, "ending=\"completed\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.count("offload_lane_ended_total", tag)).isEqualTo(4);
    }

    /** A lane no configuration names has its gate, its meters and the defaults, from its endpoint's annotation. */
    @Test
    void anEndpointJoinsALaneNoConfigurationNamesWithTheDefaults() {
        given().when().get("/test-support/door/adopted").then().statusCode(200);
        PrometheusText after = new PrometheusText(given().when().get("/q/metrics").then().statusCode(200).extract()
                .asString());
        assertThat(after.sum("offload_lane_limit", "lane=\"adopted\"")).isEqualTo(64);
        assertThat(after.sum("offload_lane_ended_total", "lane=\"adopted\"", "ending=\"completed\"")).isEqualTo(1);
    }

    @Test
    void thePoolsBehindTheLanesAreInstrumented() {
        // The CPU pool (ours), the Quarkus worker pool behind @Blocking, the blocking task itself.
        assertThat(metrics.count("executor_active_threads", "name=\"offload-cpu\"")).isEqualTo(1);
        assertThat(metrics.count("executor_queued_tasks", "name=\"offload-cpu\"")).isEqualTo(1);
        assertThat(metrics.sum("executor_completed_tasks_total", "name=\"offload-cpu\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.count("worker_pool_active", "pool_name=\"vert.x-worker-thread\"")).isEqualTo(1);
        assertThat(metrics.count("worker_pool_queue_size", "pool_name=\"vert.x-worker-thread\"")).isEqualTo(1);
        assertThat(metrics.count("worker_pool_rejected_total", "pool_name=\"vert.x-worker-thread\"")).isEqualTo(1);
        assertThat(metrics.count("offload_sync_task_running_seconds_active_count")).isEqualTo(1);
        assertThat(metrics.count("offload_sync_task_interrupted_total")).isEqualTo(1);
        assertThat(metrics.count("offload_sync_task_gave_up_total")).isEqualTo(1);
    }
}
