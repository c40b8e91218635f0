package dev.offload.context;

import dev.offload.support.Concurrently;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
class RequestScopeAcrossHopsTest {

    @Inject
    @Identifier(IsolatedExecutor.NAME)
    ManagedExecutor isolated;

    @Inject
    ContextConfig limits;

    @TestHTTPResource("/test-support/context/peek")
    URI peek;

    @Test
    void aTaskThatOutlivesItsRequestFindsTheRequestContextTerminated() throws Exception {
        ContextTestResource.requestOver = new CountDownLatch(1);
        ContextTestResource.lateTaskSaw = new CompletableFuture<>();

        given().header("X-Request-Id", "short-lived").when().get("/test-support/context/outlive").then()
                .statusCode(200);

        // The request context was propagated to the task, but the task reads the bean only after the request
        // has ended and its context was destroyed: the request's state is gone. Depending on timing ArC then
        // throws ContextNotActiveException or hands the task a new, empty instance; never the request's id.
        assertThat(ContextTestResource.lateTaskSaw.get(5, TimeUnit.SECONDS))
                .isIn("ContextNotActiveException", "active=true requestId=null");
    }

    @Test
    void nothingSetForOneRequestIsLeftOnTheEventLoopForTheNext() {
        Concurrently.send(50, i -> HttpRequest.newBuilder(peek.resolve("/context/matrix"))
                .header("X-Request-Id", "left-behind-" + i).build());

        // Enough requests to land on every event loop, none of which sets anything.
        assertThat(Concurrently.get(peek, 50)).allSatisfy(answer -> assertThat(answer.body()).isEqualTo("null null"));
    }

    @Test
    void theIsolatedExecutorHasItsOwnLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(limits.maxAsync());
        List<CompletableFuture<Void>> held = new ArrayList<>();
        Runnable hold = () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            // max-async run and max-queued wait; the next one is refused at once.
            for (int i = 0; i < limits.maxAsync(); i++) {
                held.add(isolated.runAsync(hold));
            }
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < limits.maxQueued(); i++) {
                held.add(isolated.runAsync(hold));
            }
            assertThatThrownBy(() -> isolated.runAsync(() -> { }))
                    .isInstanceOf(RejectedExecutionException.class);
        } finally {
            release.countDown();
        }
        CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    }
}
