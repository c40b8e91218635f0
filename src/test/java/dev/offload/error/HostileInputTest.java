package dev.offload.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded fuzzer: thousands of requests with random methods, path values, query values, headers and bodies
 * to every endpoint. None may get a 5xx, and every 4xx must carry a JSON body that names its status. The seed
 * is fixed, so a failure replays; raise {@code offload.fuzz.requests} (a system property) to search longer.
 */
@QuarkusTest
@TestProfile(HostileInputTest.Cheap.class)
class HostileInputTest {

    /** Fast endpoints, so thousands of requests take seconds: a 1 ms syncTask, a small largest n. */
    public static class Cheap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("offload.sync-task.delay", "1ms", "offload.cpu.max-n", "100000", "offload.cpu.default-n", "1000");
        }
    }

    static final long SEED = 20261123L;
    static final int REQUESTS = Integer.getInteger("offload.fuzz.requests", 3000);
    static final int IN_FLIGHT = 32;
    static final List<String> ROUTES = List.of("/async-call", "/sync-route", "/sync-route/virtual", "/method3",
            "/cpu-bound-task", "/calc/{x}", "/compute/{x}", "/ping", "/anti-pattern/sleep-on-event-loop");
    static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    static final List<String> HEADERS = List.of("X-Request-Id", "X-Calc-Mode", "X-Timeout-Millis", "Content-Type",
            "Accept", "Accept-Encoding", "X-Forwarded-For", "Authorization");
    static final List<String> QUERY_NAMES = List.of("n", "mode", "timeout", "x", "", "n[]", "%00");
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void noRandomRequestGetsA5xxAndEvery4xxIsJson() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> window = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            HttpRequest request = randomRequest(random);
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

    @Test
    void aBodyOverTheLimitIsRefused() {
        byte[] tooLarge = new byte[200 * 1024];
        given().body(tooLarge).contentType("application/octet-stream").when().post("/compute/1")
                .then().statusCode(413);
    }

    static void check(HttpRequest request, HttpResponse<String> answer, List<String> failures) {
        int status = answer.statusCode();
        String what = request.method() + " " + request.uri() + " " + request.headers().map() + " -> " + status
                + " " + answer.body();
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

    HttpRequest randomRequest(SplittableRandom random) {
        String route = pick(random, ROUTES).replace("{x}", encode(randomValue(random)));
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
            request.header(pick(random, HEADERS), printable(randomValue(random)));
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
