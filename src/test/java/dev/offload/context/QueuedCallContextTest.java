package dev.offload.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.offload.support.Json;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Where Fault Tolerance's {@code @Asynchronous} row of the context matrix does not hold: a call that waits in the
 * bulkhead's queue is started by the call whose end frees the permit, on that call's worker, and Quarkus'
 * {@code ManagedExecutor} captures the context there. The queued call runs with the other request's request scope,
 * MDC and Vert.x local (cross-talk), or with none once that request has ended: never with its own. Shown by an ordering (the
 * first call held on a latch, the second seen waiting in
 * the queue, then the first let go), not by chance under load.
 */
@QuarkusTest
class QueuedCallContextTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/test-support/context/fault-tolerance/queued")
    URI queued;

    @Test
    void aQueuedAsynchronousCallRunsWithTheContextOfTheCallThatFreedItsPermit() {
        QueuedCallTestResource.reset();
        CompletableFuture<HttpResponse<String>> first = send("first");
        await().atMost(Duration.ofSeconds(30)).until(() -> QueuedCallTestResource.STARTED.get() == 1);
        CompletableFuture<HttpResponse<String>> second = send("second");
        await().atMost(Duration.ofSeconds(30)).until(() -> waiting() == 1);

        QueuedCallTestResource.release.countDown();

        Map<String, Object> firstSaw = seen(first.join());
        Map<String, Object> secondSaw = seen(second.join());
        for (String kind : KINDS) {
            assertThat(firstSaw.get(kind)).as("%s of the call that ran at once", kind).isEqualTo("first");
            // The first request's value while its context lives, nothing once it has ended: never the second's own.
            assertThat(secondSaw.get(kind)).as("%s of the queued call", kind).isIn("first", null);
        }
    }

    /** The kinds of context the queued call takes from the call that freed its permit. */
    static final List<String> KINDS = List.of("requestScope", "mdc", "vertxLocal");

    private CompletableFuture<HttpResponse<String>> send(String id) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(queued).header(RequestId.HEADER, id).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double waiting() {
        Gauge gauge = registry.find("ft.bulkhead.executionsWaiting")
                .tag("method", QueuedCallTestResource.class.getName() + ".queued").gauge();
        return gauge == null ? -1 : gauge.value();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> seen(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(200);
        return (Map<String, Object>) Json.parse(answer.body()).get("seen");
    }
}
