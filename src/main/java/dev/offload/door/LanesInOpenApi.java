package dev.offload.door;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import dev.offload.error.ErrorsInOpenApi;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents, once, when the application starts, what the door adds to every endpoint that joins a lane
 * ({@link LaneDeclarations}): the lane's name ({@code x-offload-lane}), the three deadline headers, their 400, the
 * 503 of a full lane with its {@code Retry-After}, and the 504 of a missed deadline. The headers' examples ask for
 * {@link #EXAMPLE_BUDGET_MILLIS} (or the lane's timeout, if shorter), so that an example sent as it is gets its answer.
 */
@Singleton
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class LanesInOpenApi implements OASFilter {

    static final List<String> DEADLINE_HEADERS = List.of(Deadline.TIMEOUT_MILLIS, Deadline.GRPC_TIMEOUT,
            Deadline.ENVOY_EXPECTED_TIMEOUT);

    /** The deadline the headers' examples ask for: longer than any endpoint's work with its example input. */
    static final long EXAMPLE_BUDGET_MILLIS = 5000;

    private final LaneDeclarations declarations;
    private final LanesConfig config;

    LanesInOpenApi(LaneDeclarations declarations, LanesConfig config) {
        this.declarations = declarations;
        this.config = config;
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        Map<String, PathItem> paths = document.getPaths() == null ? Map.of() : document.getPaths().getPathItems();
        for (LaneDeclarations.Declared endpoint : declarations.all()) {
            PathItem item = paths.get(endpoint.path());
            Operation operation = item == null ? null
                    : item.getOperations().get(PathItem.HttpMethod.valueOf(endpoint.httpMethod()));
            if (operation != null) {
                document(operation, endpoint.lane());
            }
        }
    }

    private void document(Operation operation, String lane) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return;
        }
        operation.addExtension(Lane.EXTENSION, lane);
        long budget = Math.min(EXAMPLE_BUDGET_MILLIS, config.of(lane).timeout().toMillis());
        operation.addParameter(header(Deadline.TIMEOUT_MILLIS, "Asks for a shorter deadline than the lane's, in "
                + "milliseconds: 1 to the lane's timeout; anything else is a 400", Long.toString(budget)));
        operation.addParameter(header(Deadline.GRPC_TIMEOUT, "gRPC's deadline: up to 8 digits and a unit (H, M, S, m, "
                + "u, n); cut to the lane's timeout", budget + "m"));
        operation.addParameter(header(Deadline.ENVOY_EXPECTED_TIMEOUT, "Envoy's route timeout in milliseconds, 0 "
                + "for none; cut to the lane's timeout", Long.toString(budget)));
        String headers = String.join(", ", DEADLINE_HEADERS);
        APIResponse badRequest = responses.getAPIResponse("400");
        if (badRequest == null) {
            responses.addAPIResponse("400", ErrorsInOpenApi.response("A deadline header (" + headers + ") is malformed"));
        } else {
            badRequest.description(badRequest.getDescription() + "; or a deadline header (" + headers + ") is malformed");
        }
        APIResponse full = ErrorsInOpenApi.response("Every slot and every place in the lane's queue is taken, or "
                + "the work was cancelled; come back after Retry-After");
        full.addHeader("Retry-After", OASFactory.createObject(Header.class).description("Seconds to wait")
                .schema(OASFactory.createSchema()
                        .type(List.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER))));
        responses.addAPIResponse("503", full);
        responses.addAPIResponse("504", ErrorsInOpenApi.response("The deadline passed, waiting for a slot or running; "
                + "the work was interrupted"));
    }

    private static Parameter header(String name, String description, String example) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(false)
                .description(description).example(example)
                .schema(OASFactory.createSchema()
                        .type(List.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)));
    }
}
