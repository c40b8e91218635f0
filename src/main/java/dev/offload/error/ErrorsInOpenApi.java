package dev.offload.error;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/** Documents, once for every operation, the 500 that {@link ErrorMappers} gives for anything unexpected. */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ErrorsInOpenApi implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses != null && !responses.hasAPIResponse("500")) {
            responses.addAPIResponse("500", response("Unexpected failure; the body says so without a stack trace"));
        }
        return operation;
    }

    /** A response whose body is an {@link ErrorBody}. */
    public static APIResponse response(String description) {
        Content json = OASFactory.createContent().addMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON,
                OASFactory.createObject(MediaType.class).schema(OASFactory.createSchema().ref("ErrorBody")));
        return OASFactory.createAPIResponse().description(description).content(json);
    }
}
