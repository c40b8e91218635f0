package dev.offload.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;

import dev.offload.support.Concurrently;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * After hundreds of requests carried every kind of context across every hop, a task that brings no context finds
 * none on any pool's threads: no request id in a ContextVar or the MDC, no trace id, no span, no ScopedValue. (Without
 * the door's clean-slate pools, Mutiny's hops to a plain pool leave the last request's span there: quarkus#54354.)
 */
@QuarkusTest
class NothingLeftBehindTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void noValueIsLeftOnAnyPoolsThreads() {
        for (String path : new String[] { "context/matrix", "context/fan-out?perHop=2", "method3" }) {
            assertThat(Concurrently.send(100, i -> HttpRequest.newBuilder(base.resolve(path))
                    .header("X-Request-Id", "left-" + i).build()))
                    .allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
        }

        assertThat(given().when().get("/test-support/door/leftovers").then().statusCode(200).extract().jsonPath()
                .getList(".", String.class)).hasSizeGreaterThan(32).allSatisfy(look -> assertThat(look)
                        .endsWith(": contextVar=null mdc=null traceId=null span=false scopedValue=false"));
    }

}
