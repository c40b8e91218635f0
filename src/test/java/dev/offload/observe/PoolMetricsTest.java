package dev.offload.observe;

import dev.offload.limits.OffloadPath;
import dev.offload.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every offload path's active, queued and rejected counts are in /q/metrics, and so are the pools'. */
@QuarkusTest
class PoolMetricsTest {

    static PrometheusText metrics;

    @BeforeEach
    void useEveryPathOnceThenScrape() {
        if (metrics != null) {
            return;
        }
        for (String path : new String[] {"/async-call", "/sync-route", "/sync-route/virtual", "/method3",
                "/cpu-bound-task"}) {
            given().when().get(path).then().statusCode(200);
        }
        metrics = new PrometheusText(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    @ParameterizedTest
    @EnumSource(OffloadPath.class)
    void eachPathsLimiterReportsRunningWaitingAndRejected(OffloadPath path) {
        String method = "method=\"offload-" + path.key() + "\"";
        assertThat(metrics.has("ft_bulkhead_executionsRunning")).isTrue();
        assertThat(metrics.sum("ft_bulkhead_calls_total", method, "bulkheadResult=\"accepted\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.sum("ft_bulkhead_executionsRunning", method)).isZero();
        assertThat(metrics.sum("ft_bulkhead_executionsWaiting", method)).isZero();
        assertThat(metrics.count("ft_bulkhead_calls_total", method, "bulkheadResult=\"rejected\"")).isEqualTo(1);
    }

    @Test
    void thePoolsBehindThePathsAreInstrumented() {
        // The CPU pool (ours), the Quarkus worker pool behind @Blocking, the blocking task itself.
        assertThat(metrics.count("executor_active_threads", "name=\"offload-cpu\"")).isEqualTo(1);
        assertThat(metrics.count("executor_queued_tasks", "name=\"offload-cpu\"")).isEqualTo(1);
        assertThat(metrics.sum("executor_completed_tasks_total", "name=\"offload-cpu\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.count("worker_pool_active", "pool_name=\"vert.x-worker-thread\"")).isEqualTo(1);
        assertThat(metrics.count("worker_pool_queue_size", "pool_name=\"vert.x-worker-thread\"")).isEqualTo(1);
        assertThat(metrics.count("worker_pool_rejected_total", "pool_name=\"vert.x-worker-thread\"")).isEqualTo(1);
        assertThat(metrics.count("offload_sync_task_running_seconds_active_count")).isEqualTo(1);
        assertThat(metrics.count("offload_sync_task_interrupted_total")).isEqualTo(1);
    }
}
