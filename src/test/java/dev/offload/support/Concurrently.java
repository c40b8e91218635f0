package dev.offload.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Sends many requests at once and waits for all the answers. */
public final class Concurrently {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    // HTTP/1.1: one connection per request in flight, as many clients would open, spread over the event loops.
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    private Concurrently() {
    }

    /** GETs {@code uri} {@code count} times at once. */
    public static List<HttpResponse<String>> get(URI uri, int count) {
        return send(count, i -> HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build());
    }

    /** Sends {@code count} requests built by {@code request} at once, in index order of the answers. */
    public static List<HttpResponse<String>> send(int count, IntFunction<HttpRequest> request) {
        List<CompletableFuture<HttpResponse<String>>> pending = IntStream.range(0, count)
                .mapToObj(i -> CLIENT.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<HttpResponse<String>> answers = pending.stream().map(CompletableFuture::join).toList();
        answers.forEach(answer -> ResponseContract.check(answer.request(), answer));
        return answers;
    }
}
