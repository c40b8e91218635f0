package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;

/**
 * What {@code offload.lanes.shed.*} does to a turned-away connection, on a plain Vert.x server whose one route asks
 * {@link Lanes#shed} and answers 503, as the door's routes do: the tarpit holds back the second 503 of an HTTP/1.1
 * connection (here, with a {@code Retry-After} of an hour, by any positive time); an HTTP/2 connection, whose other
 * streams should not wait, is never held back; with {@code close-connection} the 503 says {@code Connection: close}
 * and the connection is closed after it. Judged by what {@code shed} returns and by the connection, not by a clock.
 */
class ShedConnectionTest {

    Vertx vertx = Vertx.vertx();
    /** What {@code shed} returned for each request, and the connection each came on. */
    List<Long> holds = new CopyOnWriteArrayList<>();
    List<HttpConnection> connections = new CopyOnWriteArrayList<>();
    List<HttpVersion> versions = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A server on a free port whose route {@code /full} is a full lane's, shed as {@code shed.*} says. */
    int serve(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>(Map.of("offload.lanes.retry-after", "1h"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        Lanes lanes = new Lanes(LanesConfigTest.config(properties), new LaneDeclarations(Map.of()),
                new SimpleMeterRegistry(), vertx, new RunningWork());
        Router router = Router.router(vertx);
        router.route("/full").handler(routing -> {
            connections.add(routing.request().connection());
            versions.add(routing.request().version());
            holds.add(lanes.shed(routing));
            routing.response().setStatusCode(503).end();
        });
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
        return server.actualPort();
    }

    /** Sends {@code GET /full} on {@code socket} and reads the answer's status line and headers (it has no body). */
    static List<String> ask(Socket socket, BufferedReader in) throws IOException {
        socket.getOutputStream().write("GET /full HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        List<String> head = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            head.add(line.toLowerCase());
        }
        return head;
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        return socket;
    }

    static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    @Test
    void aSecond503OnTheSameHttp11ConnectionIsHeldBackByTheTarpit() throws IOException {
        int port = serve();
        try (Socket socket = connect(port)) {
            BufferedReader in = reader(socket);
            assertThat(ask(socket, in)).first().asString().startsWith("http/1.1 503");
            assertThat(ask(socket, in)).first().asString().startsWith("http/1.1 503");
        }
        assertThat(versions).containsExactly(HttpVersion.HTTP_1_1, HttpVersion.HTTP_1_1);
        assertThat(connections.get(1)).as("one connection").isSameAs(connections.get(0));
        assertThat(holds.get(0)).as("the connection's first 503 leaves at once").isZero();
        assertThat(holds.get(1)).as("its second is held back").isPositive();
    }

    @Test
    void anHttp2ConnectionIsNeverHeldBack() throws Exception {
        int port = serve();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        for (int i = 0; i < 2; i++) {
            int status = client.request(HttpMethod.GET, port, "127.0.0.1", "/full")
                    .compose(request -> request.send()).map(HttpClientResponse::statusCode)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(status).isEqualTo(503);
        }

        assertThat(versions).containsExactly(HttpVersion.HTTP_2, HttpVersion.HTTP_2);
        assertThat(connections.get(1)).as("one connection").isSameAs(connections.get(0));
        assertThat(holds).containsExactly(0L, 0L);
    }

    @Test
    void withCloseConnectionThe503SaysSoAndTheConnectionIsClosed() throws IOException {
        int port = serve("offload.lanes.shed.close-connection", "true");
        try (Socket socket = connect(port)) {
            BufferedReader in = reader(socket);
            List<String> head = ask(socket, in);
            assertThat(head).first().asString().startsWith("http/1.1 503");
            assertThat(head).contains("connection: close");
            assertThat(in.readLine()).as("the connection closed after the 503").isNull();
        }
        assertThat(holds).containsExactly(0L);
    }
}
