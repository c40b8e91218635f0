package dev.offload.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.offload.door.RunningWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Reports a worker, virtual or CPU-pool thread that has run one request's work through the door for longer than
 * {@code offload.observe.watchdog.threshold}: once per piece of work, with the thread's stack, logged and counted in
 * {@code offload_watchdog_stuck_total} (tag {@code lane}). It does not stop the work: the request's deadline does.
 * It looks from a thread of its own, never from an event loop, since reading another thread's stack waits for it.
 */
@Startup
@Singleton
public class WorkerWatchdog {

    private static final Logger LOG = Logger.getLogger(WorkerWatchdog.class);
    private static final int KEPT = 100;

    /**
     * One piece of work that overstayed.
     *
     * @param at when the watchdog saw it
     * @param thread the thread running it
     * @param virtual whether that is a virtual thread
     * @param lane the request's lane
     * @param runningFor how long it had run then
     * @param stack the thread's frames then, innermost first
     */
    public record Stuck(Instant at, String thread, boolean virtual, String lane, Duration runningFor, List<String> stack) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("work of the ").append(lane).append(" lane has run ")
                    .append(runningFor.toMillis()).append(" ms on ").append(thread);
            stack.forEach(frame -> text.append("\n\tat ").append(frame));
            return text.toString();
        }
    }

    private final RunningWork running;
    private final MeterRegistry registry;
    private final long thresholdNanos;
    private final Map<Thread, Long> reported = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Stuck> found = new ConcurrentLinkedDeque<>();
    private final ScheduledExecutorService looks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("offload-watchdog").daemon(true).factory());

    WorkerWatchdog(RunningWork running, ObserveConfig config, MeterRegistry registry) {
        this.running = running;
        this.registry = registry;
        Duration threshold = config.watchdog().threshold();
        this.thresholdNanos = threshold.toNanos();
        long every = Math.max(10, threshold.toMillis() / 4);
        looks.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
    }

    void look() {
        long now = System.nanoTime();
        List<Thread> stillRunning = new ArrayList<>();
        for (RunningWork.Work work : running.now()) {
            stillRunning.add(work.thread());
            if (now - work.started() < thresholdNanos || reported.get(work.thread()) instanceof Long started
                    && started == work.started()) {
                continue;
            }
            reported.put(work.thread(), work.started());
            List<String> stack = Arrays.stream(work.thread().getStackTrace()).map(StackTraceElement::toString).toList();
            Stuck stuck = new Stuck(Instant.now(), work.thread().getName(), work.thread().isVirtual(),
                    work.lane(), Duration.ofNanos(now - work.started()), stack);
            found.addLast(stuck);
            while (found.size() > KEPT) {
                found.pollFirst();
            }
            Counter.builder("offload.watchdog.stuck").tag("lane", work.lane())
                    .description("Pieces of work that ran longer than the watchdog's threshold").register(registry)
                    .increment();
            LOG.warn(stuck);
        }
        reported.keySet().retainAll(stillRunning);
    }

    /** The latest {@code count} reports, newest first. */
    public List<Stuck> latest(int count) {
        List<Stuck> latest = new ArrayList<>(count);
        var newestFirst = found.descendingIterator();
        while (newestFirst.hasNext() && latest.size() < count) {
            latest.add(newestFirst.next());
        }
        return latest;
    }

    @PreDestroy
    void stop() {
        looks.shutdownNow();
    }
}
