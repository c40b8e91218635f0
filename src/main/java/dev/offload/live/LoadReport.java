package dev.offload.live;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.offload.where.RanOn;

/**
 * One load, as it stands: what it sends, its bounds, and what it got so far. Once it has ended,
 * {@code sent = sum(statuses) + failed + cut}.
 *
 * @param strategy the strategy's id, e.g. {@code syncRoute}
 * @param method the HTTP method it sends
 * @param path the path it sends to
 * @param control whether it is the anti-pattern control, which blocks the event loop on purpose
 * @param concurrency requests it keeps in flight at once, at most
 * @param seconds how long it may run
 * @param requests how many requests it may send in all
 * @param startedAt when it started
 * @param endsBy when its time is up
 * @param endedAt when it ended (the count reached, or the time up); absent while it runs
 * @param running whether it still runs
 * @param sent requests sent so far
 * @param inFlight requests sent and not yet answered
 * @param statuses answers by HTTP status, e.g. {@code {"200": 96, "503": 4}}
 * @param failed requests that got no answer (a connection refused or reset)
 * @param cut requests still in flight when the time was up, whose connections the load closed
 * @param sender the thread whose HTTP client sends the load: an event loop, which it never blocks; absent if the
 *        load never started
 */
// Absent rather than null: the OpenAPI document's nullable does not reach through the reference to a schema.
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadReport(String strategy, String method, String path, boolean control, int concurrency, int seconds,
        int requests, Instant startedAt, Instant endsBy, Instant endedAt, boolean running,
        long sent, long inFlight, Map<String, Long> statuses, long failed, long cut,
        RanOn sender) {
}
