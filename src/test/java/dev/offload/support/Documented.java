package dev.offload.support;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/**
 * The operations the service documents in its own OpenAPI document: the one list of its endpoints, which the tests
 * read instead of repeating it. Path parameters take the example the document gives for them.
 */
public final class Documented {

    private Documented() {
    }

    /**
     * One documented operation.
     *
     * @param template the path as documented, e.g. {@code /calc/{x}}
     * @param path the path with its parameters' examples filled in, e.g. {@code /calc/3037000500}
     * @param lane the lane it declares ({@code x-offload-lane}), or {@code null} if it runs no work off the loop
     */
    public record Operation(String method, String template, String path, String lane) {
        @Override
        public String toString() {
            return method + " " + path + (lane == null ? "" : " (" + lane + ")");
        }
    }

    /** Every documented operation. */
    @SuppressWarnings("unchecked")
    public static List<Operation> operations() {
        JsonPath document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        List<Operation> operations = new ArrayList<>();
        paths.forEach((template, byMethod) -> byMethod.forEach((method, operation) -> {
            String path = template;
            for (Map<String, Object> parameter : (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of())) {
                if ("path".equals(parameter.get("in"))) {
                    path = path.replace("{" + parameter.get("name") + "}", String.valueOf(parameter.get("example")));
                }
            }
            Object lane = operation.get("x-offload-lane");
            operations.add(new Operation(method.toUpperCase(), template, path, lane == null ? null : lane.toString()));
        }));
        return operations;
    }

    /** The operations that go through the door. */
    public static List<Operation> behindTheDoor() {
        return operations().stream().filter(operation -> operation.lane() != null).toList();
    }
}
