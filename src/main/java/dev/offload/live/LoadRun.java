package dev.offload.live;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.offload.where.RanOn;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * One load: {@code concurrency} requests in flight, each followed by the next as soon as it is answered, until
 * {@code requests} have been sent or the time is up. Then the requests still in flight are cut: the load resets them,
 * which closes their connections, so the service sees its client hang up and the door cancels their work.
 * <p>
 * It runs on the load's own event-loop context ({@link LoadGenerator}), from {@link #start()} on: every callback of its
 * Vert.x client and of its timer runs on that one loop, and none of them waits. The counters are atomic only because
 * {@link #report()} reads them from other threads. That loop also serves requests, as every Vert.x loop here does: while
 * something holds it (the anti-pattern control), the load can neither send nor stop, and it ends as soon as the loop
 * is free again, past its time by as long as the loop was held.
 */
final class LoadRun {

    private final Vertx vertx;
    private final HttpClient client;
    private final Strategies.Strategy strategy;
    private final int concurrency;
    private final int seconds;
    private final int requests;
    private final RequestOptions target;
    private final Instant startedAt = Instant.now();
    private final long deadline;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<Integer, Long> statuses = new ConcurrentHashMap<>();
    /** The requests sent and not yet answered; only the load's loop touches it. */
    private final Set<HttpClientRequest> open = new HashSet<>();
    private volatile long cut;
    private volatile Instant endedAt;
    private volatile RanOn sender;
    private long timeUp;

    /** @param service the service's own address: the local address of the request that asked for the load */
    LoadRun(Vertx vertx, HttpClient client, Strategies.Strategy strategy, int concurrency, int seconds, int requests,
            SocketAddress service) {
        this.vertx = vertx;
        this.client = client;
        this.strategy = strategy;
        this.concurrency = concurrency;
        this.seconds = seconds;
        this.requests = requests;
        this.deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        // The address as the server saw it, already resolved: no name lookup, which could read /etc/hosts on a loop.
        this.target = new RequestOptions().setServer(service).setHost(hostOf(service)).setPort(service.port())
                .setMethod(HttpMethod.valueOf(strategy.method())).setURI(strategy.path());
    }

    /**
     * The host part of the requests' {@code Host} header: Vert.x writes it as {@code host:port} whatever the host, so
     * an IPv6 address (the page opened as {@code localhost} that resolved to {@code ::1}) must come in brackets, as
     * in a URL ({@code [::1]:8080}); bare, the server answers every request with a 400. A link-local address's zone
     * ({@code %eth0}) is left out: a {@code Host} header cannot carry it, and the connection goes to the server's
     * address, zone included, whatever the header says.
     */
    static String hostOf(SocketAddress service) {
        String address = service.hostAddress();
        if (address.indexOf(':') < 0) {
            return address; // IPv4
        }
        int zone = address.indexOf('%');
        return "[" + (zone < 0 ? address : address.substring(0, zone)) + "]";
    }

    /** Called on the load's context. */
    void start() {
        sender = RanOn.here();
        timeUp = vertx.setTimer(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()), id -> end());
        for (int i = 0; i < concurrency; i++) {
            sendNext();
        }
    }

    private void sendNext() {
        if (endedAt != null) {
            return;
        }
        if (sent.get() >= requests || System.nanoTime() - deadline >= 0) {
            if (inFlight.get() == 0) {
                end();
            }
            return;
        }
        sent.incrementAndGet();
        inFlight.incrementAndGet();
        client.request(target).compose(request -> {
            // The failure of a cut request arrives through the future below; without a handler of its own, Vert.x
            // would also log it, and a log line is a write to the console, on this event loop.
            request.exceptionHandler(failure -> {
            });
            if (endedAt != null) {
                request.reset(); // connected after the end: cut before it is sent
                return Future.failedFuture("cut");
            }
            open.add(request);
            return request.send().compose(response -> response.body().map(body -> response.statusCode()))
                    .onComplete(answered -> open.remove(request));
        }).onComplete(answer -> {
            if (endedAt != null) {
                return; // cut: counted when the load ended
            }
            inFlight.decrementAndGet();
            if (answer.succeeded()) {
                statuses.merge(answer.result(), 1L, Long::sum);
            } else {
                failed.incrementAndGet();
            }
            sendNext();
        });
    }

    /** Ends the load now: whatever is still in flight is cut. */
    private void end() {
        if (endedAt != null) {
            return;
        }
        cut = inFlight.get();
        endedAt = Instant.now();
        vertx.cancelTimer(timeUp);
        // Resetting an HTTP/1.1 request closes its connection: the service sees the client hang up.
        Set.copyOf(open).forEach(HttpClientRequest::reset);
        open.clear();
    }

    /** Marks a load that could not start as ended. */
    void abandon() {
        if (endedAt == null) {
            endedAt = Instant.now();
        }
    }

    boolean running() {
        return endedAt == null;
    }

    LoadReport report() {
        Map<String, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, count) -> byStatus.put(status.toString(), count));
        Instant ended = endedAt;
        return new LoadReport(strategy.id(), strategy.method(), strategy.path(), strategy.control(), concurrency,
                seconds, requests, startedAt, startedAt.plusSeconds(seconds), ended, ended == null, sent.get(),
                ended == null ? inFlight.get() : 0, byStatus, failed.get(), cut, sender);
    }
}
