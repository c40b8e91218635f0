package dev.offload.error;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.offload.support.Documented;
import dev.offload.support.ResponseContract;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A seeded fuzzer: thousands of requests with random methods, path values, query values, headers and bodies to
 * every documented endpoint. None may get a 5xx but a 504 that the request asked for (a deadline of at most
 * {@value #TINY_DEADLINE_MILLIS} ms, shorter than the work of every endpoint but the smallest CPU sums); every 4xx
 * must carry a JSON body that names its status; and every answer to a documented operation must be what the OpenAPI
 * document says it sends. The seed is fixed, so a failure replays; raise {@code offload.fuzz.requests} (a system
 * property) to search longer.
 */
@QuarkusTest
@TestProfile(HostileInputTest.Cheap.class)
class HostileInputTest {

    /**
     * Fast endpoints, so thousands of requests take seconds: a 20 ms syncTask (a tiny deadline is shorter than it), a
     * small largest n.
     */
    public static class Cheap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("offload.sync-task.delay", "20ms", "offload.cpu.max-n", "100000", "offload.cpu.default-n", "1000");
        }
    }

    /** The longest deadline a request may ask for and still get a 504 without that being a failure. */
    static final int TINY_DEADLINE_MILLIS = 5;
    static final List<String> DEADLINE_HEADERS = List.of("X-Timeout-Millis", "grpc-timeout", "x-envoy-expected-rq-timeout-ms");

    static final long SEED = 20261123L;
    static final int REQUESTS = Integer.getInteger("offload.fuzz.requests", 3000);
    static final int IN_FLIGHT = 32;
    static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    static final List<String> HEADERS = List.of("X-Request-Id", "X-Calc-Mode", "X-Timeout-Millis", "grpc-timeout",
            "x-envoy-expected-rq-timeout-ms", "Content-Type", "Accept", "Accept-Encoding", "X-Forwarded-For",
            "Authorization");
    static final List<String> QUERY_NAMES = List.of("n", "mode", "timeout", "x", "", "n[]", "%00");
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void noRandomRequestGetsA5xxAndEvery4xxIsJson() {
        List<String> routes = Documented.operations().stream().map(Documented.Operation::template).distinct().toList();
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> window = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            HttpRequest request = randomRequest(random, routes);
            window.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenAccept(answer -> {
                        statuses.merge(answer.statusCode(), 1, Integer::sum);
                        check(request, answer, failures);
                    }));
            if (window.size() == IN_FLIGHT) {
                window.forEach(CompletableFuture::join);
                window.clear();
            }
        }
        window.forEach(CompletableFuture::join);

        assertThat(failures).as("requests answered badly, out of " + REQUESTS).isEmpty();
        // The random requests reached the endpoints' own checks and their successes, not only the router.
        assertThat(statuses).as("statuses seen").containsKeys(200, 400, 404, 405);
    }

    // The three limits below are enforced by Vert.x before a request reaches the application: their answers are
    // Vert.x's own, outside the OpenAPI document, so these requests are sent without the document's filter.

    @Test
    void aBodyOverTheLimitIsRefused() throws IOException {
        // Over a raw socket, the body announced and not sent: the server answers from the Content-Length, and a
        // client still writing 200 KB to a connection the server closes after its 413 would see a broken pipe.
        try (Socket client = new Socket(base.getHost(), base.getPort())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("POST /compute/1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/octet-stream\r\nContent-Length: " + 200 * 1024 + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void headersOverTheLimitAreRefused() {
        given().noFilters().header("X-Padding", "a".repeat(17 * 1024)).when().get("/ping").then().statusCode(431);
        given().noFilters().header("X-Padding", "a".repeat(15 * 1024)).when().get("/ping").then().statusCode(200);
    }

    @Test
    void aRequestLineOverTheLimitIsRefused() {
        given().noFilters().queryParam("n", "1".repeat(8 * 1024)).when().get("/cpu-bound-task").then().statusCode(414);
        given().noFilters().queryParam("pad", "1".repeat(7 * 1024)).when().get("/ping").then().statusCode(200);
    }

    static void check(HttpRequest request, HttpResponse<String> answer, List<String> failures) {
        int status = answer.statusCode();
        String what = request.method() + " " + request.uri() + " " + request.headers().map() + " -> " + status
                + " " + answer.body();
        try {
            ResponseContract.check(request, answer);
        } catch (AssertionError notAsDocumented) {
            synchronized (failures) {
                failures.add(notAsDocumented.getMessage());
            }
        }
        if (status == 504 && askedForATinyDeadline(request)) {
            return;
        }
        if (status >= 500) {
            synchronized (failures) {
                failures.add(what);
            }
        } else if (status >= 400 && !request.method().equals("HEAD")) {
            try {
                JsonNode body = JSON.readTree(answer.body());
                if (body == null || body.path("status").asInt() != status
                        || !answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                    synchronized (failures) {
                        failures.add("not a JSON error body: " + what);
                    }
                }
            } catch (IOException e) {
                synchronized (failures) {
                    failures.add("not JSON: " + what);
                }
            }
        }
    }

    /** Whether the request asked, in a well-formed deadline header, for at most {@value #TINY_DEADLINE_MILLIS} ms. */
    static boolean askedForATinyDeadline(HttpRequest request) {
        for (String header : DEADLINE_HEADERS) {
            for (String value : request.headers().allValues(header)) {
                if (value.matches("[1-" + TINY_DEADLINE_MILLIS + "]m?")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A deadline header's value: tiny (a 504 is allowed), generous (2 to 4 s: far longer than any work here, so a
     * 504 would be a fault), or malformed (a 400); never in between, where a busy machine would decide.
     */
    static String deadlineValue(SplittableRandom random, String header) {
        String unit = header.equals("grpc-timeout") ? "m" : "";
        return switch (random.nextInt(4)) {
            case 0 -> (1 + random.nextInt(TINY_DEADLINE_MILLIS)) + unit;
            case 1 -> (2000 + random.nextInt(2000)) + unit;
            case 2 -> pick(random, List.of("-5", "0", "1.5", "99999999999999999999", "1e3", "+", "0x10", "5 s"));
            default -> "x" + printable(randomValue(random));
        };
    }

    HttpRequest randomRequest(SplittableRandom random, List<String> routes) {
        String route = pick(random, routes).replaceAll("\\{[^}]+}", encode(randomValue(random)));
        StringBuilder query = new StringBuilder();
        for (int q = random.nextInt(3); q > 0; q--) {
            query.append(query.isEmpty() ? "?" : "&").append(encode(pick(random, QUERY_NAMES)));
            if (random.nextInt(5) > 0) {
                query.append('=').append(encode(randomValue(random)));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + route + query))
                .timeout(Duration.ofSeconds(30));
        for (int h = random.nextInt(4); h > 0; h--) {
            String header = pick(random, HEADERS);
            request.header(header, DEADLINE_HEADERS.contains(header) ? deadlineValue(random, header)
                    : printable(randomValue(random)));
        }
        String method = pick(random, METHODS);
        byte[] body = new byte[random.nextInt(4) == 0 ? random.nextInt(4096) : 0];
        random.nextBytes(body);
        return request.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Numbers near the edges, huge ones, words, unicode, control characters and path tricks. */
    static String randomValue(SplittableRandom random) {
        return switch (random.nextInt(12)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> Long.toString(random.nextLong(-5, 2000));
            case 2 -> "9".repeat(1 + random.nextInt(400));
            case 3 -> "-" + "1".repeat(1 + random.nextInt(30));
            case 4 -> pick(random, List.of("sync", "async", "auto", "SYNC", "", " ", "null", "NaN", "1e9", "0x1F",
                    "1_000", "+", "-", "..", "../..", "%", "1.5", "Infinity", "true"));
            case 5 -> new String(Character.toChars(0x1F600 + random.nextInt(50)));
            case 6 -> "é漢字ü" + random.nextInt();
            case 7 -> String.valueOf((char) random.nextInt(0x20));
            case 8 -> "a".repeat(random.nextInt(2000));
            case 9 -> "<script>alert(1)</script>";
            case 10 -> "' OR 1=1 --";
            default -> Integer.toString(random.nextInt(100));
        };
    }

    static <T> T pick(SplittableRandom random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** Percent-encodes every byte but letters and digits, so any value makes a valid URI. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Header values the HTTP client can send: printable ASCII, at least one character. */
    static String printable(String value) {
        String ascii = value.chars().filter(c -> c >= 0x20 && c < 0x7f).collect(StringBuilder::new,
                StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return ascii.isEmpty() ? "x" : ascii;
    }
}
