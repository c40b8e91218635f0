package dev.offload.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.offload.observe.BlockingCallDetector;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.test.junit.callback.QuarkusTestAfterAllCallback;
import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestContext;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Every {@code @QuarkusTest} also proves that no event loop blocked while it ran: after each test class, this asks
 * the service's {@link BlockingCallDetector} (on in the test profile) for every blocking call made on an event-loop
 * thread since the class began, and fails with each call's stack and the test it happened in. A test marked
 * {@link BlocksTheEventLoop} must instead have made at least one such call. Registered for every test through
 * {@code META-INF/services}; against the packaged jar ({@code @QuarkusIntegrationTest}) there is no container here,
 * and the integration tests read the detector's counter from {@code /q/metrics} instead.
 */
public class EventLoopNeverBlocks implements QuarkusTestBeforeEachCallback, QuarkusTestAfterEachCallback,
        QuarkusTestAfterAllCallback {

    /** One test's run, and the blocking call it must make, if any. */
    record Window(String test, Instant from, Instant to, String mustBlockWith) {
        boolean holds(BlockingCallDetector.Finding finding) {
            return !finding.at().isBefore(from) && !finding.at().isAfter(to);
        }
    }

    private static final Map<Class<?>, Instant> CLASS_STARTED = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Instant> TEST_STARTED = new ConcurrentHashMap<>();
    private static final Map<Class<?>, List<Window>> WINDOWS = new ConcurrentHashMap<>();

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        Class<?> test = context.getTestInstance().getClass();
        Instant now = Instant.now();
        CLASS_STARTED.putIfAbsent(test, now);
        TEST_STARTED.put(test, now);
    }

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        Class<?> test = context.getTestInstance().getClass();
        BlocksTheEventLoop expected = context.getTestMethod().getAnnotation(BlocksTheEventLoop.class);
        WINDOWS.computeIfAbsent(test, any -> new ArrayList<>()).add(new Window(context.getTestMethod().getName(),
                TEST_STARTED.remove(test), Instant.now(), expected == null ? null : expected.value()));
    }

    @Override
    public void afterAll(QuarkusTestContext context) {
        Class<?> test = context.getTestInstance().getClass();
        Instant since = CLASS_STARTED.remove(test);
        List<Window> windows = WINDOWS.getOrDefault(test, List.of());
        WINDOWS.remove(test);
        ArcContainer container = Arc.container();
        if (since == null || container == null) {
            return;
        }
        BlockingCallDetector detector = container.instance(BlockingCallDetector.class).get();
        if (!detector.enabled()) {
            throw new AssertionError("the blocking-call detector is off in the test profile");
        }
        try {
            detector.sync(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the blocking-call detector", e);
        }
        List<BlockingCallDetector.Finding> found = detector.since(since);
        List<String> problems = new ArrayList<>();
        for (Window window : windows) {
            if (window.mustBlockWith() != null && found.stream()
                    .noneMatch(finding -> window.holds(finding) && finding.event().equals(window.mustBlockWith()))) {
                problems.add(window.test() + " blocks an event loop on purpose, but the detector saw no "
                        + window.mustBlockWith() + " during it");
            }
        }
        for (BlockingCallDetector.Finding finding : found) {
            Window during = windows.stream().filter(window -> window.holds(finding)).findFirst().orElse(null);
            if (during == null || during.mustBlockWith() == null) {
                problems.add((during == null ? "between tests" : "in " + during.test()) + ": " + finding);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(test.getSimpleName() + ": an event loop blocked\n"
                    + problems.stream().collect(Collectors.joining("\n")));
        }
    }
}
