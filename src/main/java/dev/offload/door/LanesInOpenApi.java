package dev.offload.door;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import dev.offload.error.ErrorsInOpenApi;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents, once, what the door adds to every operation that declares a lane ({@code x-offload-lane}): the three
 * deadline headers, their 400, the 503 of a full lane with its {@code Retry-After}, and the 504 of a missed
 * deadline.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class LanesInOpenApi implements OASFilter {

    static final List<String> DEADLINE_HEADERS = List.of(Deadline.TIMEOUT_MILLIS, Deadline.GRPC_TIMEOUT,
            Deadline.ENVOY_EXPECTED_TIMEOUT);

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (operation.getExtensions() == null || !operation.getExtensions().containsKey(Lane.EXTENSION)
                || responses == null) {
            return operation;
        }
        operation.addParameter(header(Deadline.TIMEOUT_MILLIS, "Asks for a shorter deadline than the lane's, in "
                + "milliseconds: 1 to the lane's timeout; anything else is a 400", "500"));
        operation.addParameter(header(Deadline.GRPC_TIMEOUT, "gRPC's deadline: up to 8 digits and a unit (H, M, S, m, "
                + "u, n); cut to the lane's timeout", "200m"));
        operation.addParameter(header(Deadline.ENVOY_EXPECTED_TIMEOUT, "Envoy's route timeout in milliseconds, 0 "
                + "for none; cut to the lane's timeout", "1500"));
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
        return operation;
    }

    private static Parameter header(String name, String description, String example) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(false)
                .description(description).example(example)
                .schema(OASFactory.createSchema()
                        .type(List.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)));
    }
}
