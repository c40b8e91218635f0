package dev.offload.observe;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint is in the OpenAPI document, with a summary, its parameters and its error responses. */
@QuarkusTest
class OpenApiTest {

    static final List<String> PATHS = List.of("/async-call", "/sync-route", "/sync-route/virtual", "/method3",
            "/cpu-bound-task", "/calc/{x}", "/compute/{x}", "/ping", "/anti-pattern/sleep-on-event-loop", "/context/matrix");

    @Test
    void everyEndpointIsDocumentedWithItsErrors() {
        JsonPath document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");

        assertThat(paths).containsKeys(PATHS.toArray(String[]::new));
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            String where = method.toUpperCase() + " " + path;
            assertThat(operation).as(where).containsKey("summary");
            @SuppressWarnings("unchecked")
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            assertThat(responses).as(where).containsKeys("200", "500");
            if (operation.toString().contains("X-Timeout-Millis")) {
                assertThat(responses).as(where + " is behind admission").containsKeys("503", "504");
            }
            if (operation.containsKey("parameters")) {
                assertThat(responses).as(where + " has parameters, so it documents their 400").containsKey("400");
                assertThat(responses.get("400").toString()).as(where).contains("#/components/schemas/ErrorBody");
            }
        }));
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
