package dev.offload.door;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The tarpit: a client turned away with a 503 that ignores its Retry-After and retries at once on the same connection
 * gets its next 503 only when Retry-After has passed, while another connection's first 503, and its other requests,
 * are answered at once. Judged by lower bounds on time (a slow machine only makes them longer), and an upper bound of
 * most of the pause for the other connection.
 */
@QuarkusTest
@TestProfile(ShedTest.OneSlotNoQueue.class)
class ShedTest {

    static final int PAUSE_SECONDS = 5;

    /** /sync-route: one slot, no queue, a 10 s task; Retry-After 5 s. */
    public static class OneSlotNoQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("offload.lanes.sync-route.max-concurrent", "1", "offload.lanes.sync-route.queue", "0",
                    "offload.sync-task.delay", "10s", "offload.lanes.sync-route.timeout", "15s",
                    "offload.lanes.retry-after", PAUSE_SECONDS + "s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    /** Reads one whole response (status line, headers, a body of its Content-Length) and returns its status line. */
    static String response(BufferedReader in) throws IOException {
        String status = in.readLine();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.read(new char[length], 0, length);
        return status;
    }

    @Test
    void aRetryOnARejectedConnectionGetsItsNext503OnlyAfterRetryAfterWhileOthersAreAnsweredAtOnce() throws Exception {
        CompletableFuture<Integer> holding = CompletableFuture
                .supplyAsync(() -> given().when().get("/sync-route").then().extract().statusCode());
        await(() -> given().when().get("/q/metrics").asString().contains("offload_lane_running{lane=\"sync-route\"} 1.0"));

        try (Socket storming = new Socket(base.getHost(), base.getPort())) {
            storming.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(storming.getInputStream(), StandardCharsets.US_ASCII));
            // The 503 comes at once; the same client then asks again, at once, as a retry storm does.
            send(storming, "/sync-route");
            long first = System.nanoTime();
            assertThat(response(in)).startsWith("HTTP/1.1 503");
            send(storming, "/sync-route");
            long retried = System.nanoTime();

            // Meanwhile another connection gets its first 503, and its other requests, at once.
            long other = System.nanoTime();
            given().when().get("/sync-route").then().statusCode(503);
            given().when().get("/ping").then().statusCode(200);
            assertThat(Duration.ofNanos(System.nanoTime() - other)).isLessThan(Duration.ofSeconds(PAUSE_SECONDS - 1));

            assertThat(response(in)).startsWith("HTTP/1.1 503");
            assertThat(Duration.ofNanos(System.nanoTime() - retried))
                    .as("the retry on the rejected connection waited for Retry-After")
                    .isGreaterThan(Duration.ofSeconds(PAUSE_SECONDS).minusMillis(500));
            assertThat(Duration.ofNanos(retried - first)).isLessThan(Duration.ofSeconds(PAUSE_SECONDS));
        }
        assertThat(holding.join()).isEqualTo(200);
    }

    static void send(Socket client, String path) throws IOException {
        client.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
    }

    static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition);
    }
}
