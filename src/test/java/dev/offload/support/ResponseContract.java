package dev.offload.support;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;

import io.restassured.RestAssured;

/**
 * Holds the service to its own OpenAPI document: every response a test receives, through rest-assured (a filter
 * installed before each test) or through {@link Concurrently}, must be what the document says the operation sends,
 * status and body. Requests are not judged: the tests send bad ones on purpose. A path the document does not list
 * (the test-only endpoints, Quarkus' own {@code /q/*}) is not judged either.
 */
public final class ResponseContract {

    private static volatile OpenApiInteractionValidator validator;
    private static volatile OpenApiValidationFilter filter;
    private static volatile String documentOf;

    private ResponseContract() {
    }

    /** Loads the document of the service under test, once per service, and installs the rest-assured filter. */
    public static synchronized void install() {
        String service = RestAssured.baseURI + ":" + RestAssured.port;
        if (!service.equals(documentOf)) {
            if (filter != null) {
                OpenApiValidationFilter old = filter;
                RestAssured.replaceFiltersWith(RestAssured.filters().stream().filter(f -> f != old).toList());
            }
            String document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                    .extract().asString();
            validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            .withLevel("validation.response.body.unexpected", ValidationReport.Level.ERROR)
                            .build())
                    .build();
            filter = new OpenApiValidationFilter(validator);
            documentOf = service;
        }
        if (!RestAssured.filters().contains(filter)) {
            RestAssured.filters(filter);
        }
    }

    /** Fails if {@code response} is not what the document says {@code request}'s operation sends. */
    public static void check(HttpRequest request, HttpResponse<String> response) {
        OpenApiInteractionValidator current = validator;
        if (current == null) {
            return;
        }
        URI uri = request.uri();
        if (uri.getPath().matches(".*/\\.{1,2}(/.*)?")) {
            // A dot segment: the server resolves it to another path than the one the validator would match.
            return;
        }
        SimpleRequest.Builder asked = new SimpleRequest.Builder(Request.Method.valueOf(request.method()), uri.getPath());
        SimpleResponse.Builder answered = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach((name, values) -> answered.withHeader(name, values));
        ValidationReport report;
        try {
            report = current.validate(asked.build(), answered.build());
        } catch (IllegalArgumentException unreadablePath) {
            // A fuzzed path the validator cannot even decode (a stray '%'): no documented operation to judge by.
            return;
        }
        List<ValidationReport.Message> errors = report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new AssertionError(request.method() + " " + uri + " -> " + response.statusCode()
                    + " is not what the OpenAPI document says it sends: " + errors + "\n" + response.body());
        }
    }
}
