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
import io.restassured.path.json.JsonPath;

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

    /** One whole response: its status line and its body. */
    record Answer(String status, String body) {
    }

    /** Reads one whole response (status line, headers, a body of its Content-Length). */
    static Answer answer(BufferedReader in) throws IOException {
        String status = in.readLine();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        for (int n = 0; read < length && n >= 0; read += Math.max(n, 0)) {
            n = in.read(body, read, length - read);
        }
        return new Answer(status, new String(body, 0, read));
    }

    /** Reads one whole response and returns its status line. */
    static String response(BufferedReader in) throws IOException {
        return answer(in).status();
    }

    /** A connection of the test's own, and the event loop that serves it, as its first request, a ping, shows. */
    record Connection(Socket socket, BufferedReader in, String loop) implements AutoCloseable {

        static Connection open(URI base) throws IOException {
            Socket socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            send(socket, "/ping");
            Answer pong = answer(in);
            assertThat(pong.status()).startsWith("HTTP/1.1 200");
            return new Connection(socket, in, new JsonPath(pong.body()).getString("endpoint.thread"));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * A new connection served by the same event loop as {@code first}: the tarpit keeps its connections per loop, so
     * this is the one that shows whether it holds back only the connection that retried. Vert.x hands new connections
     * to the loops in turn, so one of the first few lands there.
     */
    Connection aConnectionOnTheLoopOf(Connection first) throws IOException {
        for (int tries = 0; tries < 16; tries++) {
            Connection next = Connection.open(base);
            if (next.loop().equals(first.loop())) {
                return next;
            }
            next.close();
        }
        throw new AssertionError("no new connection was served by " + first.loop());
    }

    @Test
    void aRetryOnARejectedConnectionGetsItsNext503OnlyAfterRetryAfterWhileOthersAreAnsweredAtOnce() throws Exception {
        CompletableFuture<Integer> holding = CompletableFuture
                .supplyAsync(() -> given().when().get("/sync-route").then().extract().statusCode());
        await(() -> given().when().get("/q/metrics").asString().contains("offload_lane_running{lane=\"sync-route\"} 1.0"));

        try (Connection stormingConnection = Connection.open(base);
                Connection neighbour = aConnectionOnTheLoopOf(stormingConnection)) {
            Socket storming = stormingConnection.socket();
            BufferedReader in = stormingConnection.in();
            // The 503 comes at once; the same client then asks again, at once, as a retry storm does.
            send(storming, "/sync-route");
            long first = System.nanoTime();
            assertThat(response(in)).startsWith("HTTP/1.1 503");
            send(storming, "/sync-route");
            long retried = System.nanoTime();

            // Meanwhile another connection gets its first 503, and its other requests, at once: one served by the
            // storming connection's event loop, and one wherever it lands.
            long other = System.nanoTime();
            send(neighbour.socket(), "/sync-route");
            assertThat(response(neighbour.in())).startsWith("HTTP/1.1 503");
            send(neighbour.socket(), "/ping");
            assertThat(response(neighbour.in())).startsWith("HTTP/1.1 200");
            assertThat(Duration.ofNanos(System.nanoTime() - other)).as("answered on the storming connection's loop")
                    .isLessThan(Duration.ofSeconds(PAUSE_SECONDS - 1));
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
