package dev.offload.observe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PingResourceTest {

    @Test
    void pingIsAnsweredOnTheEventLoop() {
        given().when().get("/ping").then().statusCode(200)
                .body("endpoint.eventLoop", equalTo(true))
                .body("endpoint.virtual", equalTo(false))
                .body("endpoint.thread", startsWith("vert.x-eventloop-thread-"));
    }
}
