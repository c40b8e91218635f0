package dev.offload.error;

import dev.offload.limits.Admission;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds to the OpenAPI document the error answers that shared mechanisms give, so they are documented once
 * here instead of on every method: the 500 of {@link ErrorMappers} for anything unexpected, on every
 * operation; and on every operation behind {@link Admission} (the ones that read {@code X-Timeout-Millis}),
 * the 503 of a full path and the 504 of a missed deadline. Endpoint-specific 400s are annotated on the methods.
 */
@RegisterForReflection
public class ErrorResponsesInOpenApi implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return operation;
        }
        add(responses, "500", "Unexpected failure; the body says so without a stack trace");
        boolean admitted = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> Admission.TIMEOUT_HEADER.equals(parameter.getName()));
        if (admitted) {
            add(responses, "400", "A parameter is not accepted (X-Timeout-Millis: 1 to the path's timeout, in ms)");
            add(responses, "503", "The path's running and waiting slots are all taken; see Retry-After");
            add(responses, "504", "The deadline passed; the work was interrupted");
        }
        return operation;
    }

    private static void add(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            Content json = OASFactory.createContent().addMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON,
                    OASFactory.createObject(MediaType.class).schema(OASFactory.createSchema().ref("ErrorBody")));
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description).content(json));
        }
    }
}
