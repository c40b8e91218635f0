package dev.offload.error;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON body of every error this service answers.
 *
 * @param status the HTTP status code
 * @param error the status' reason phrase, e.g. {@code Bad Request}
 * @param message what went wrong, for a person
 * @param parameter the offending parameter, when one is to blame
 * @param value the offending value, when one is to blame (cut to 200 characters)
 */
// Quarkus REST registers the declared return types of endpoints for reflection, but this body travels inside a
// Response built by the exception mappers, so no build step sees its type: without this, Jackson would find no
// accessors for it in a native executable, and the 400s would not carry this body.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int status, String error, String message, String parameter, String value) {

    private static final int MAX_ECHOED_VALUE = 200;

    public static ErrorBody of(int status, String error, String message) {
        return new ErrorBody(status, error, message, null, null);
    }

    public static ErrorBody of(InvalidParameterException e) {
        String value = e.value();
        if (value != null && value.length() > MAX_ECHOED_VALUE) {
            value = value.substring(0, MAX_ECHOED_VALUE) + "...";
        }
        return new ErrorBody(400, "Bad Request", e.getMessage(), e.parameter(), value);
    }
}
