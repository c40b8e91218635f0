package dev.offload.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;

/**
 * A load sent to the service's own address, without Quarkus: a Vert.x server stands for the service. The address is
 * that of the request that asked for the load, so a page opened as {@code localhost} that resolved to {@code ::1}
 * gives an IPv6 address, whose {@code Host} header needs brackets ({@code [::1]:port}); without them, the server
 * answered every request of the load with a 400.
 */
class LoadRunHostTest {

    /** How long a test waits for what must happen; far more than it takes. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
    static final int REQUESTS = 3;

    static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void anIpv6ServiceGetsABracketedHostAndAnswersEveryRequest() throws Exception {
        assertThat(hostsSeenByAServiceOn("::1", Map.of("200", (long) REQUESTS)))
                .allMatch(host -> host.matches("\\[(::1|0:0:0:0:0:0:0:1)]:\\d+"));
    }

    @Test
    void anIpv4ServiceGetsItsAddressAsItIs() throws Exception {
        assertThat(hostsSeenByAServiceOn("127.0.0.1", Map.of("200", (long) REQUESTS)))
                .allMatch(host -> host.matches("127\\.0\\.0\\.1:\\d+"));
    }

    @Test
    void aZoneIsLeftOutOfTheHost() throws Exception {
        // A literal with a numeric zone: no name or interface is looked up.
        InetAddress linkLocal = InetAddress.getByName("fe80::1%1");
        assertThat(LoadRun.hostOf(SocketAddress.inetSocketAddress(new InetSocketAddress(linkLocal, 8080))))
                .isEqualTo("[fe80:0:0:0:0:0:0:1]");
    }

    /**
     * Runs a load of {@link #REQUESTS} against a server listening on {@code address}, checks the statuses it got, and
     * answers the {@code Host} headers the server saw.
     */
    private static Set<String> hostsSeenByAServiceOn(String address, Map<String, Long> statuses) throws Exception {
        Set<String> hosts = ConcurrentHashMap.newKeySet();
        // The service builds each request's URI from its Host header and answers 400 when that is no authority; this
        // server does the same, through Vert.x' own parse of the header (null when it is not host[:port]).
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            hosts.add(request.getHeader(HttpHeaders.HOST));
            request.response().setStatusCode(request.authority() == null ? 400 : 200).end();
        }).listen(0, address).toCompletionStage().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        HttpClient client = vertx.createHttpClient();
        try {
            SocketAddress service = SocketAddress.inetSocketAddress(server.actualPort(), address);
            Strategies.Strategy strategy = new Strategies.Strategy("ping", "GET", "/ping", null, "ping", false);
            LoadRun run = new LoadRun(vertx, client, strategy, 1, 30, REQUESTS, service);
            // The load runs on an event-loop context, as LoadGenerator starts it: a context of this test's Vert.x.
            vertx.getOrCreateContext().runOnContext(nothing -> run.start());
            await().atMost(PATIENCE).until(() -> !run.running());

            assertThat(run.report().statuses()).isEqualTo(statuses);
            assertThat(run.report().failed()).isZero();
            return hosts;
        } finally {
            client.close();
            server.close();
        }
    }
}
