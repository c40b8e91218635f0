package dev.offload.error;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents, once for every operation, the answers that do not depend on it: the framework's 406 for a client that
 * accepts no JSON, the 500 that {@link ErrorMappers} gives for anything unexpected, and that every error answer's
 * body is an {@link ErrorBody} (declared in {@code META-INF/openapi.yaml}).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ErrorsInOpenApi implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return operation;
        }
        if (!responses.hasAPIResponse("406")) {
            responses.addAPIResponse("406", response("The Accept header admits no JSON, which is all this sends"));
        }
        if (!responses.hasAPIResponse("500")) {
            responses.addAPIResponse("500", response("Unexpected failure; the body says so without a stack trace"));
        }
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                if (response.getContent() == null) {
                    response.content(response("").getContent());
                }
            }
        });
        return operation;
    }

    /** A response whose body is an {@link ErrorBody}. */
    public static APIResponse response(String description) {
        Content json = OASFactory.createContent().addMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON,
                OASFactory.createObject(MediaType.class).schema(OASFactory.createSchema().ref("ErrorBody")));
        return OASFactory.createAPIResponse().description(description).content(json);
    }
}
