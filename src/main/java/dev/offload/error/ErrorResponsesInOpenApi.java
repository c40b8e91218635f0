package dev.offload.error;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;

/**
 * Adds to every operation of the OpenAPI document the 500 answer that {@link ErrorMappers} gives to anything
 * unexpected, so that each endpoint's error responses are documented without repeating it on each method.
 * The endpoint-specific ones (400 for a bad parameter) are annotated on the methods.
 */
@RegisterForReflection
public class ErrorResponsesInOpenApi implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() != null && !operation.getResponses().hasAPIResponse("500")) {
            Content json = OASFactory.createContent().addMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON,
                    OASFactory.createObject(MediaType.class)
                            .schema(OASFactory.createSchema().ref("ErrorBody")));
            operation.getResponses().addAPIResponse("500", OASFactory.createAPIResponse()
                    .description("Unexpected failure; the body says so without a stack trace").content(json));
        }
        return operation;
    }
}
