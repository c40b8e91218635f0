package dev.offload.live;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.offload.where.RanOn;

/**
 * Everything the live page shows, read at one moment.
 *
 * @param at when it was read
 * @param endpoint the thread that read it: an event loop
 * @param loops each event loop
 * @param lanes each lane of the door
 * @param blockingCalls the blocking-call detector's latest findings
 * @param stuckWork the worker watchdog's latest findings
 * @param load the load the page can start
 */
public record LiveState(Instant at, RanOn endpoint, Loops loops, List<LaneNow> lanes, BlockingCalls blockingCalls,
        StuckWork stuckWork, LoadControls load) {

    /**
     * The event loops.
     *
     * @param probeIntervalMillis how often a lag probe is scheduled on each loop
     * @param thresholdMillis lag above which a loop counts as held (readiness goes DOWN if it stays there)
     * @param each each loop, by thread name
     */
    public record Loops(double probeIntervalMillis, double thresholdMillis, List<Loop> each) {
    }

    /**
     * One event loop.
     *
     * @param name its thread's name
     * @param lagMillis its lag now: how late its last probe ran, or how overdue the pending one is
     * @param pendingTasks tasks queued on it, waiting to run (Netty's count, {@code netty_eventexecutor_tasks_pending});
     *        null if that gauge is not there
     * @param probesRun lag probes run on it since the start
     */
    public record Loop(String name, double lagMillis, @Schema(nullable = true) Long pendingTasks, long probesRun) {
    }

    /**
     * One lane of the door, now.
     *
     * @param lane its key, e.g. {@code sync-route}
     * @param running requests holding a slot: their work runs
     * @param waiting requests waiting for a slot
     * @param limit its concurrency limit now
     * @param rejected requests turned away with a 503 since the start
     */
    public record LaneNow(String lane, int running, int waiting, int limit, long rejected) {
    }

    /**
     * The blocking-call detector.
     *
     * @param enabled whether it listens (off in prod unless {@code offload.observe.blocking-detector.enabled=true})
     * @param unavailable why it does not listen although switched on: JFR cannot record in this process (a native
     *        executable built without it); null otherwise
     * @param latest its latest findings, newest first
     */
    public record BlockingCalls(boolean enabled, @Schema(nullable = true) String unavailable, List<BlockingCall> latest) {
    }

    /**
     * A blocking call made on an event loop.
     *
     * @param at when it started
     * @param thread the event loop
     * @param event the JFR event, e.g. {@code jdk.ThreadSleep}
     * @param durationMillis how long it blocked
     * @param detail what it blocked on, when JFR says
     * @param call the innermost frame: where the call was made
     * @param stack its frames, innermost first
     */
    public record BlockingCall(Instant at, String thread, String event, double durationMillis, String detail,
            String call, List<String> stack) {
    }

    /**
     * The worker watchdog.
     *
     * @param thresholdMillis work running longer than this is reported, once
     * @param latest its latest findings, newest first
     */
    public record StuckWork(double thresholdMillis, List<Stuck> latest) {
    }

    /**
     * A request's work that ran longer than the watchdog's threshold.
     *
     * @param at when the watchdog saw it
     * @param thread the thread running it
     * @param virtual whether that is a virtual thread
     * @param lane the request's lane
     * @param runningForMillis how long it had run then
     * @param stack the thread's frames then, innermost first
     */
    public record Stuck(Instant at, String thread, boolean virtual, String lane, double runningForMillis,
            List<String> stack) {
    }

    /**
     * The load the page can start.
     *
     * @param enabled whether {@code POST /live/load} may start one ({@code offload.live.load.enabled})
     * @param maxConcurrency the most requests in flight at once
     * @param maxSeconds the longest a load runs
     * @param maxRequests the most requests a load sends
     * @param strategies what a load may be sent to now; empty while loads are off
     * @param latest the load running now, or the last one; absent if none ran
     */
    // Absent rather than null: the OpenAPI document's nullable does not reach through the reference to a schema.
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoadControls(boolean enabled, int maxConcurrency, int maxSeconds, int maxRequests,
            List<Strategies.Strategy> strategies, LoadReport latest) {
    }
}
