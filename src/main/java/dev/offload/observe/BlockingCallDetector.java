package dev.offload.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Names the blocking call, and its stack, whenever an event-loop thread blocks: a sleep, a wait on a monitor, a park
 * (a lock, a future's {@code get}), a socket or file read or write. It listens to the JDK's own flight recorder in
 * this process (JFR events {@code jdk.ThreadSleep}, {@code jdk.JavaMonitorWait}, {@code jdk.ThreadPark},
 * {@code jdk.SocketRead}, {@code jdk.SocketWrite}, {@code jdk.FileRead}, {@code jdk.FileWrite}), with no threshold by
 * default, so it catches a 1 ms sleep as surely as a 2 s one, however fast the machine: a call that blocks is
 * reported because it blocked, not because it took long. JFR delivers its events about once a second;
 * {@link #sync} waits until everything recorded so far has arrived.
 * <p>
 * On in dev and test, off in prod unless {@code offload.observe.blocking-detector.enabled=true}. Each finding is
 * logged with its stack, counted in {@code offload_event_loop_blocking_calls_total} (tag {@code event}), and kept
 * among the latest for the live page.
 * <p>
 * Where JFR cannot record (a native executable built without it: {@code quarkus.native.monitoring} lacks {@code jfr}),
 * the detector says so in one line of the log and in the live state ({@link #unavailable()}), listens to nothing, and
 * the service starts as it would with the detector off.
 */
@Startup
@Singleton
public class BlockingCallDetector {

    private static final Logger LOG = Logger.getLogger(BlockingCallDetector.class);
    private static final String LOOP_THREAD = "vert.x-eventloop-thread-";
    private static final List<String> EVENTS = List.of("jdk.ThreadSleep", "jdk.JavaMonitorWait", "jdk.ThreadPark",
            "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite");
    private static final int KEPT = 1000;

    /**
     * One blocking call on an event loop.
     *
     * @param at when it started
     * @param thread the event-loop thread
     * @param event the JFR event, e.g. {@code jdk.ThreadSleep}
     * @param duration how long it blocked
     * @param detail what it blocked on, when JFR says: the monitor's or lock's class, the address, the path
     * @param stack the frames, innermost first
     */
    public record Finding(Instant at, String thread, String event, Duration duration, String detail, List<String> stack) {

        /** The innermost frame of ours or of a library, where the blocking call was made. */
        public String call() {
            return stack.isEmpty() ? "(no stack)" : stack.getFirst();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("blocking call on ").append(thread).append(": ").append(event)
                    .append(" for ").append(String.format("%.3f ms", duration.toNanos() / 1e6));
            if (!detail.isEmpty()) {
                text.append(" (").append(detail).append(')');
            }
            stack.forEach(frame -> text.append("\n\tat ").append(frame));
            return text.toString();
        }
    }

    /** Committed by {@link #sync}: when it arrives, every event recorded before it has arrived too. */
    @Name("dev.offload.BlockingCallDetectorSync")
    @Label("Blocking-call detector sync")
    @StackTrace(false)
    static final class SyncMark extends Event {
        long id;
    }

    /**
     * Opens the recording the detector listens to. A seam: the tests make it fail as it fails in a native executable
     * built without JFR.
     */
    @FunctionalInterface
    interface Recordings {
        RecordingStream open();
    }

    /** JFR in this process; {@link FlightRecorder#isAvailable()} is false in a native executable built without it. */
    static final Recordings JFR = () -> {
        if (!FlightRecorder.isAvailable()) {
            throw new IllegalStateException("JFR is not available in this process");
        }
        return new RecordingStream();
    };

    private final RecordingStream stream;
    private final String unavailable;
    private final ConcurrentLinkedDeque<Finding> findings = new ConcurrentLinkedDeque<>();
    private final Map<Long, CountDownLatch> syncs = new ConcurrentHashMap<>();
    private final AtomicLong nextSync = new AtomicLong();
    private final MeterRegistry registry;
    private final Set<String> allowedIn;

    @Inject
    BlockingCallDetector(ObserveConfig config, MeterRegistry registry) {
        this(config, registry, JFR);
    }

    BlockingCallDetector(ObserveConfig config, MeterRegistry registry, Recordings recordings) {
        this.registry = registry;
        this.allowedIn = Set.copyOf(config.blockingDetector().allowedIn());
        RecordingStream opened = null;
        String reason = null;
        if (config.blockingDetector().enabled()) {
            try {
                opened = recordings.open();
                listen(opened, config.blockingDetector().threshold());
            } catch (RuntimeException | LinkageError e) {
                // Whatever JFR throws where it cannot record: the service starts without the detector.
                close(opened);
                opened = null;
                reason = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                LOG.warnf("The blocking-call detector is off: JFR cannot record in this process (%s). The service runs "
                        + "without it; a native executable needs jfr in quarkus.native.monitoring.", reason);
            }
        }
        stream = opened;
        unavailable = reason;
    }

    private void listen(RecordingStream stream, Duration threshold) {
        for (String event : EVENTS) {
            // throttle off: JDK 25 samples file and socket events by default, and a sampled call could go unseen.
            stream.enable(event).withThreshold(threshold).withStackTrace().with("throttle", "off");
        }
        stream.enable(SyncMark.class);
        stream.onEvent(SyncMark.class.getAnnotation(Name.class).value(), mark -> {
            CountDownLatch arrived = syncs.remove(mark.getLong("id"));
            if (arrived != null) {
                arrived.countDown();
            }
        });
        stream.onEvent(this::onEvent);
        stream.startAsync();
    }

    private static void close(RecordingStream stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.close();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Closing the detector's recording failed", e);
        }
    }

    /** Whether it is listening. */
    public boolean enabled() {
        return stream != null;
    }

    /**
     * Why it is not listening although switched on: JFR could not record here (what it threw). Empty when it listens,
     * or when it is switched off.
     */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    private void onEvent(RecordedEvent event) {
        String type = event.getEventType().getName();
        RecordedThread thread = event.getThread();
        if (!type.startsWith("jdk.") || thread == null || thread.getJavaName() == null
                || !thread.getJavaName().startsWith(LOOP_THREAD)) {
            return;
        }
        List<RecordedFrame> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames();
        if (isNoise(event, frames) || frames.stream().anyMatch(frame -> allowedIn.contains(frame(frame, false)))) {
            return;
        }
        Finding finding = new Finding(event.getStartTime(), thread.getJavaName(), type, event.getDuration(),
                detail(event), frames.stream().map(BlockingCallDetector::frame).toList());
        findings.addLast(finding);
        while (findings.size() > KEPT) {
            findings.pollFirst();
        }
        Counter.builder("offload.event-loop.blocking-calls").tag("event", type)
                .description("Blocking calls made on an event-loop thread, by JFR event").register(registry).increment();
        LOG.warn(finding);
    }

    /**
     * What produces these events on an event loop without being a blocking call of the code it runs: Netty's own
     * machinery (its non-blocking socket reads and writes, its buffer pool's brief locks), which the first frame
     * outside the JDK names; and the one-time cost of first use, as BlockHound also allows it: loading a class
     * (reading it, or waiting for another thread that reads the same jar), reading a resource or a service list from a
     * jar, a static initializer reading its configuration, and waiting for another thread to finish initializing a
     * class (HotSpot's class-initialization lock, an {@code int[]}); and the virtual-thread scheduler's lock
     * ({@link #isTheVirtualThreadSchedulersLock}).
     */
    static boolean isNoise(RecordedEvent event, List<RecordedFrame> frames) {
        if (firstOutsideTheJdk(frames).startsWith("io.netty.")
                || frames.stream().anyMatch(frame -> frame.getMethod().getName().equals("loadClass"))) {
            return true;
        }
        return switch (event.getEventType().getName()) {
            case "jdk.FileRead" -> (event.getValue("path") instanceof String path && path.endsWith(".jar"))
                    || frames.stream().anyMatch(frame -> frame.getMethod().getName().equals("<clinit>")
                            || frame.getMethod().getType().getName().startsWith("java.util.zip.ZipFile"));
            case "jdk.JavaMonitorWait" -> event.getValue("monitorClass") instanceof RecordedClass monitor
                    && monitor.getName().equals("[I");
            case "jdk.ThreadPark" -> isTheVirtualThreadSchedulersLock(
                    event.getValue("parkedClass") instanceof RecordedClass parked ? parked.getName() : null,
                    frames.stream().map(frame -> frame(frame, false)).toList());
            default -> false;
        };
    }

    /**
     * The virtual-thread scheduler's own lock: a virtual thread started or unparked from an event loop (as Quarkus
     * dispatches every {@code @RunOnVirtualThread} request) is submitted to the scheduler's {@code ForkJoinPool}, whose
     * run-state lock parks the loop for a moment when another thread holds it. That is the JDK's machinery, as Netty's
     * buffer pool is Netty's, not a blocking call of the code the loop runs. Seen on a busy machine: a 0.9 ms park,
     * {@code parkedClass=java.util.concurrent.ForkJoinPool}, under {@code VirtualThread.submitRunContinuation}.
     *
     * @param parkedClass the class the thread parked on, or null
     * @param methods the stack's frames as {@code class.method}, innermost first
     */
    static boolean isTheVirtualThreadSchedulersLock(String parkedClass, List<String> methods) {
        return "java.util.concurrent.ForkJoinPool".equals(parkedClass)
                && methods.contains("java.lang.VirtualThread.submitRunContinuation");
    }

    private static String firstOutsideTheJdk(List<RecordedFrame> frames) {
        return frames.stream().map(frame -> frame.getMethod().getType().getName())
                .filter(type -> !type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun."))
                .findFirst().orElse("");
    }

    private static String frame(RecordedFrame frame) {
        return frame(frame, true);
    }

    private static String frame(RecordedFrame frame, boolean withLine) {
        String where = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
        return withLine && frame.getLineNumber() > 0 ? where + ":" + frame.getLineNumber() : where;
    }

    private static String detail(RecordedEvent event) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("monitorClass", "parkedClass", "address", "path")) {
            if (event.hasField(field) && event.getValue(field) != null) {
                Object value = event.getValue(field);
                parts.add(field + "=" + (value instanceof RecordedClass type ? type.getName() : value));
            }
        }
        return String.join(", ", parts);
    }

    /**
     * Waits until every event recorded before this call has been delivered: JFR flushes about once a second.
     *
     * @throws IllegalStateException if the detector is off, or nothing arrived within {@code timeout}
     */
    public void sync(Duration timeout) throws InterruptedException {
        if (stream == null) {
            throw new IllegalStateException(unavailable != null
                    ? "the blocking-call detector is off: JFR cannot record in this process (" + unavailable + ")"
                    : "the blocking-call detector is off (offload.observe.blocking-detector.enabled)");
        }
        long id = nextSync.incrementAndGet();
        CountDownLatch arrived = new CountDownLatch(1);
        syncs.put(id, arrived);
        SyncMark mark = new SyncMark();
        mark.id = id;
        mark.commit();
        if (!arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            syncs.remove(id);
            throw new IllegalStateException("JFR did not deliver the detector's sync mark within " + timeout);
        }
    }

    /** The findings that started at or after {@code since}, oldest first (the latest {@value #KEPT} are kept). */
    public List<Finding> since(Instant since) {
        return findings.stream().filter(finding -> !finding.at().isBefore(since)).toList();
    }

    /** The latest {@code count} findings, newest first. */
    public List<Finding> latest(int count) {
        List<Finding> latest = new ArrayList<>(count);
        var newestFirst = findings.descendingIterator();
        while (newestFirst.hasNext() && latest.size() < count) {
            latest.add(newestFirst.next());
        }
        return latest;
    }

    @PreDestroy
    void stop() {
        close(stream);
    }
}
