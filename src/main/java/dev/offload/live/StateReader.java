package dev.offload.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import dev.offload.door.Lanes;
import dev.offload.observe.BlockingCallDetector;
import dev.offload.observe.EventLoopLag;
import dev.offload.observe.ObserveConfig;
import dev.offload.observe.WorkerWatchdog;
import dev.offload.where.RanOn;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reads what the live page shows from the beans that measure it. Every read is of counters, gauges and lists kept for
 * this purpose: nothing here waits, so it runs on the event loop.
 */
@Singleton
public class StateReader {

    /** Netty's count of the tasks queued on each event loop, tagged {@code name} with the loop's thread name. */
    static final String PENDING_TASKS = "netty.eventexecutor.tasks.pending";

    private final EventLoopLag lag;
    private final Lanes lanes;
    private final BlockingCallDetector detector;
    private final WorkerWatchdog watchdog;
    private final MeterRegistry registry;
    private final ObserveConfig observe;
    private final LiveConfig live;
    private final Strategies strategies;
    private final LoadGenerator loads;

    StateReader(EventLoopLag lag, Lanes lanes, BlockingCallDetector detector, WorkerWatchdog watchdog,
            MeterRegistry registry, ObserveConfig observe, LiveConfig live, Strategies strategies, LoadGenerator loads) {
        this.lag = lag;
        this.lanes = lanes;
        this.detector = detector;
        this.watchdog = watchdog;
        this.registry = registry;
        this.observe = observe;
        this.live = live;
        this.strategies = strategies;
        this.loads = loads;
    }

    LiveState read() {
        int shown = live.findingsShown();
        LiveConfig.Load load = live.load();
        return new LiveState(Instant.now(), RanOn.here(), loops(),
                lanes.counts().stream().map(counts -> new LiveState.LaneNow(counts.lane(), counts.running(),
                        counts.waiting(), counts.limit(), counts.rejected())).toList(),
                new LiveState.BlockingCalls(detector.enabled(), detector.unavailable().orElse(null),
                        detector.latest(shown).stream()
                                .map(found -> new LiveState.BlockingCall(found.at(), found.thread(), found.event(),
                                        millis(found.duration()), found.detail(), found.call(), found.stack()))
                                .toList()),
                new LiveState.StuckWork(millis(observe.watchdog().threshold()), watchdog.latest(shown).stream()
                        .map(stuck -> new LiveState.Stuck(stuck.at(), stuck.thread(), stuck.virtual(), stuck.lane(),
                                millis(stuck.runningFor()), stuck.stack()))
                        .toList()),
                new LiveState.LoadControls(load.enabled(), load.maxConcurrency(), load.maxSeconds(), load.maxRequests(),
                        load.enabled() ? strategies.available() : List.of(), loads.latest().orElse(null)));
    }

    private LiveState.Loops loops() {
        Map<String, Long> pending = registry.find(PENDING_TASKS).gauges().stream()
                .filter(gauge -> gauge.getId().getTag("name") != null)
                .collect(Collectors.toMap(gauge -> gauge.getId().getTag("name"), StateReader::count, (a, b) -> a));
        return new LiveState.Loops(millis(observe.lagProbeInterval()), millis(observe.lagThreshold()),
                lag.loops().stream().map(loop -> new LiveState.Loop(loop.loop(), millis(loop.lag()),
                        pending.get(loop.loop()), loop.probesRun())).toList());
    }

    private static long count(Gauge gauge) {
        return Math.round(gauge.value());
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
