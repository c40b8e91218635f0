package dev.offload.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Traces across every hop, read from the exported spans: where the matrix says the trace arrived, the span a hop
 * started is a child of the request's server span, in its trace; where it did not, that span starts a trace of its
 * own, and is nobody's child.
 */
@QuarkusTest
class ContextMatrixSpansTest {

    @Inject
    InMemorySpanExporter exported;

    @BeforeEach
    void forgetEarlierSpans() {
        exported.reset();
    }

    SpanData exportedSpan(String name) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> exported.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name)).findFirst().orElse(null), span -> span != null);
    }

    @Test
    void everyHopsSpanIsAChildOfTheRequestsSpanExactlyWhereTheTraceArrived() {
        JsonPath answer = given().when().get("/context/matrix").then().statusCode(200).extract().jsonPath();
        String[] request = answer.getString("requestSpan").split("/");

        SpanData server = await().atMost(Duration.ofSeconds(30)).until(() -> exported.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER && span.getTraceId().equals(request[0]))
                .findFirst().orElse(null), span -> span != null);
        assertThat(server.getSpanId()).isEqualTo(request[1]);

        ContextMatrixTest.EXPECTED.forEach((hop, arrives) -> {
            boolean traced = arrives.get(ContextMatrixTest.KINDS.indexOf("span"));
            SpanData probe = exportedSpan("probe " + hop);
            if (traced) {
                assertThat(probe.getTraceId()).as(hop).isEqualTo(server.getTraceId());
                assertThat(probe.getParentSpanId()).as(hop).isEqualTo(server.getSpanId());
            } else {
                assertThat(probe.getTraceId()).as(hop).isNotEqualTo(server.getTraceId());
                assertThat(probe.getParentSpanContext().isValid()).as(hop + " starts a trace of its own").isFalse();
            }
        });
    }

    @Test
    void aFanOutsSubtasksAreAllChildrenOfTheirRequestsSpan() {
        JsonPath answer = given().queryParam("perHop", 2).when().get("/context/fan-out").then().statusCode(200)
                .extract().jsonPath();
        String[] request = answer.getString("requestSpan").split("/");
        List<String> hops = answer.getList("subtasks.seen.hop");

        for (String hop : hops) {
            SpanData probe = exportedSpan("probe " + hop);
            if (hop.startsWith("CPU pool")) {
                assertThat(probe.getTraceId()).as(hop).isNotEqualTo(request[0]);
            } else {
                assertThat(probe.getTraceId()).as(hop).isEqualTo(request[0]);
                assertThat(probe.getParentSpanId()).as(hop).isEqualTo(request[1]);
            }
        }
    }
}
