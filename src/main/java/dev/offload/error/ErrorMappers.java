package dev.offload.error;

import dev.offload.limits.Admission;
import dev.offload.limits.DeadlineExceededException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns every failure into a JSON {@link ErrorBody}: 400 for a bad parameter, 503 (with {@code Retry-After})
 * for a full path, 504 for a missed deadline, the framework's own status for its errors (404, 405, 406,
 * 415...), and a 500 without a stack trace for anything unexpected.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final Admission admission;

    ErrorMappers(Admission admission) {
        this.admission = admission;
    }

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        return json(ErrorBody.of(e));
    }

    /** A path's running and waiting slots are all taken: come back later, rather than wait without end. */
    @ServerExceptionMapper
    public Response full(BulkheadException e) {
        long seconds = Math.max(1, (admission.retryAfter().toMillis() + 999) / 1000);
        return Response.fromResponse(json(ErrorBody.of(503, "Service Unavailable",
                        "too many requests are running or waiting on this path; retry after " + seconds + " s")))
                .header(HttpHeaders.RETRY_AFTER, seconds).build();
    }

    /** An executor with a bounded queue (the isolated ManagedExecutor) is full: the same answer as a full path. */
    @ServerExceptionMapper
    public Response executorFull(RejectedExecutionException e) {
        return full(new BulkheadException(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response deadline(DeadlineExceededException e) {
        return json(ErrorBody.of(504, "Gateway Timeout", e.getMessage()));
    }

    /** The work was stopped before it finished: by a client that hung up, or by the service shutting down. */
    @ServerExceptionMapper
    public Response cancelled(CancellationException e) {
        return json(ErrorBody.of(503, "Service Unavailable", "the work was cancelled before it finished"));
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
