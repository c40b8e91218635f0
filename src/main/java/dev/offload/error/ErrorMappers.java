package dev.offload.error;

import java.util.concurrent.CancellationException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into a JSON {@link ErrorBody}: 400 for a bad parameter, the status an {@link HttpProblem}
 * carries (503 with {@code Retry-After}, 504), the framework's own status for its errors (404, 405, 406, 415...),
 * and a 500 without a stack trace for anything unexpected. This package is the ground floor: it knows no other
 * package of ours, and they throw what it maps.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        return json(ErrorBody.of(e));
    }

    @ServerExceptionMapper
    public Response problem(HttpProblem e) {
        Response.ResponseBuilder answer = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(e.body());
        e.retryAfter().ifPresent(after -> answer.header(HttpHeaders.RETRY_AFTER, HttpProblem.retryAfterSeconds(after)));
        return answer.build();
    }

    /** Work stopped by its pool before it finished (the service shutting down): come back, to another instance. */
    @ServerExceptionMapper
    public Response cancelled(CancellationException e) {
        return Response.fromResponse(json(ErrorBody.of(503, "Service Unavailable",
                "the work was cancelled before it finished"))).header(HttpHeaders.RETRY_AFTER, 1).build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        Response.ResponseBuilder answer = Response.fromResponse(e.getResponse()).entity(
                ErrorBody.of(status.getStatusCode(), status.getReasonPhrase(), messageOf(e, status)));
        return answer.type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure while serving a request", e);
        return json(ErrorBody.of(500, "Internal Server Error", "an unexpected error occurred; see the server log"));
    }

    private static String messageOf(WebApplicationException e, Response.StatusType status) {
        // The framework's messages name the request, not the server's internals, e.g. "HTTP 404 Not Found".
        return e.getMessage() != null ? e.getMessage() : status.getReasonPhrase();
    }

    private static Response json(ErrorBody body) {
        return Response.status(body.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
