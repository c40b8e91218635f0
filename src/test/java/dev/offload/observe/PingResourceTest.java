package dev.offload.observe;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

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
