package dev.offload.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The OpenAPI document tells the truth about every operation: a summary, an operationId for client generators, its
 * own parameters each named in its 400, the door's 503 and 504 and deadline headers where it declares a lane, a 500,
 * tags with descriptions, and nullable values where the service sends null. (That every response matches the
 * document is checked on every test's every response: {@code support.ResponseContract}.)
 */
@QuarkusTest
class OpenApiTest {

    static final List<String> DEADLINE_HEADERS = List.of("X-Timeout-Millis", "grpc-timeout", "x-envoy-expected-rq-timeout-ms");

    static JsonPath document() {
        return given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationIsDocumentedWithItsOwnErrors() {
        Map<String, Map<String, Map<String, Object>>> paths = document().getMap("paths");
        Set<String> operationIds = new HashSet<>();
        assertThat(paths).isNotEmpty();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            String where = method.toUpperCase() + " " + path;
            assertThat(operation).as(where).containsKeys("summary", "operationId");
            assertThat(operationIds.add((String) operation.get("operationId"))).as(where + "'s operationId is unique").isTrue();
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            assertThat(responses).as(where).containsKeys("200", "500");
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of());
            if (!parameters.isEmpty()) {
                assertThat(responses).as(where + " has parameters, so it documents their 400").containsKey("400");
                String badRequest = (String) responses.get("400").get("description");
                for (Map<String, Object> parameter : parameters) {
                    assertThat(badRequest).as(where + "'s 400 names its parameter " + parameter.get("name"))
                            .contains((String) parameter.get("name"));
                }
                assertThat(responses.get("400").toString()).as(where).contains("#/components/schemas/ErrorBody");
            }
            if (path.startsWith("/fault-tolerance/") || path.startsWith("/context/matrix/fault-tolerance/")) {
                // Beside the door, not behind it: Fault Tolerance's 503 (with Retry-After) and 504, no deadline header.
                assertThat(operation).as(where + " joins no lane").doesNotContainKey("x-offload-lane");
                assertThat(responses).as(where + " is bounded by Fault Tolerance").containsKeys("503", "504");
                assertThat((Map<String, Object>) responses.get("503").get("headers"))
                        .as(where + "'s 503 documents Retry-After").containsKey("Retry-After");
                assertThat(responses.get("504").toString()).as(where).contains("#/components/schemas/ErrorBody");
            }
            if (operation.containsKey("x-offload-lane")) {
                assertThat(responses).as(where + " is behind the door").containsKeys("503", "504");
                assertThat((Map<String, Object>) responses.get("503").get("headers"))
                        .as(where + "'s 503 documents Retry-After").containsKey("Retry-After");
                assertThat(parameters.stream().map(parameter -> parameter.get("name")))
                        .as(where + " accepts the deadline headers").containsAll(DEADLINE_HEADERS);
            }
        }));
    }

    @Test
    void everyTagIsDescribed() {
        JsonPath document = document();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        Set<Object> used = new HashSet<>();
        paths.values().forEach(operations -> operations.values()
                .forEach(operation -> used.addAll((List<?>) operation.getOrDefault("tags", List.of()))));
        List<Map<String, Object>> tags = document.getList("tags");
        assertThat(used).isNotEmpty();
        for (Object tag : used) {
            assertThat(tags).as("tag " + tag).anySatisfy(described -> {
                assertThat(described.get("name")).isEqualTo(tag);
                assertThat((String) described.get("description")).isNotBlank();
            });
        }
    }

    @Test
    void whatTheMatrixMaySendAsNullIsDeclaredNullable() {
        JsonPath document = document();
        Map<String, Map<String, Object>> seen = document.getMap("components.schemas.Seen.properties");
        assertThat(seen).containsOnlyKeys("contextVar", "mdc", "requestScope", "vertxLocal", "scopedValue", "span",
                "logSpan");
        seen.forEach((cell, schema) -> assertThat(schema.get("nullable")).as(cell).isEqualTo(true));
        assertThat(document.getBoolean("components.schemas.Subtask.properties.argument.nullable")).isTrue();
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
