package dev.offload.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.offload.support.Concurrently;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RequestScopeAcrossHopsTest {

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

    @ParameterizedTest
    @ValueSource(strings = { "/context/matrix", "/context/matrix/blocking", "/context/matrix/virtual", "/method3" })
    void nothingSetForOneRequestIsLeftOnTheEventLoopForTheNext(String path) {
        // Each of these sets the ContextVar (and the MDC) on an event loop.
        assertThat(Concurrently.send(50, i -> HttpRequest.newBuilder(peek.resolve(path))
                .header("X-Request-Id", "left-behind-" + i).build()))
                .allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));

        // Enough requests to land on every event loop, none of which sets anything.
        assertThat(Concurrently.get(peek, 50)).allSatisfy(answer -> assertThat(answer.body()).isEqualTo("null null"));
    }
}
