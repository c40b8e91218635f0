package dev.offload.door;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * What Swagger UI's "Try it out" sends works: every operation behind the door, sent with every parameter's documented
 * example (path, query and the deadline headers), gets its 200. Under TightLimits, whose {@code syncTask} takes the
 * production's 2 s, so a deadline example shorter than the task (the 500 ms, 200m and 1500 ms the document once gave)
 * would get a 504.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class OpenApiExamplesTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationBehindTheDoorAnswers200ToItsOwnExamples() {
        JsonPath document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        List<String> failed = new ArrayList<>();
        int sent = 0;
        for (var path : paths.entrySet()) {
            for (var byMethod : path.getValue().entrySet()) {
                Map<String, Object> operation = byMethod.getValue();
                if (operation.get("x-offload-lane") == null) {
                    continue;
                }
                String uri = path.getKey();
                RequestSpecification request = given();
                for (Map<String, Object> parameter : (List<Map<String, Object>>) operation.getOrDefault("parameters",
                        List.of())) {
                    Object example = parameter.get("example");
                    if (example == null) {
                        continue;
                    }
                    switch (String.valueOf(parameter.get("in"))) {
                        case "path" -> uri = uri.replace("{" + parameter.get("name") + "}", example.toString());
                        case "query" -> request = request.queryParam(parameter.get("name").toString(), example);
                        case "header" -> request = request.header(parameter.get("name").toString(), example);
                        default -> {
                        }
                    }
                }
                int status = request.when().request(byMethod.getKey().toUpperCase(), uri).then().extract().statusCode();
                sent++;
                if (status != 200) {
                    failed.add(byMethod.getKey().toUpperCase() + " " + uri + " answered " + status);
                }
            }
        }
        assertThat(failed).isEmpty();
        assertThat(sent).as("operations behind the door").isGreaterThanOrEqualTo(TightLimits.LANES.size());
    }
}
