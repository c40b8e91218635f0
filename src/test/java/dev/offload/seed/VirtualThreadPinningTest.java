package dev.offload.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.offload.support.Concurrently;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * A virtual thread that blocks while pinned to its carrier holds a platform thread the whole time, which
 * undoes the point of virtual threads. JFR reports each such block as {@code jdk.VirtualThreadPinned}; this
 * test records them while {@code /sync-route/virtual} serves concurrent requests, and proves the recording sees a pin
 * by pinning a marker thread after them. (quarkus-junit's
 * {@code @ShouldNotPin} does the same, but its artifact is not served here.)
 */
@QuarkusTest
class VirtualThreadPinningTest {

    @TestHTTPResource("/sync-route/virtual")
    URI virtualRoute;

    RecordingStream recording;
    final List<RecordedEvent> pinned = new CopyOnWriteArrayList<>();

    @BeforeEach
    void recordPinning() {
        recording = new RecordingStream();
        recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
        recording.onEvent("jdk.VirtualThreadPinned", pinned::add);
        recording.startAsync();
    }

    @AfterEach
    void stopRecording() {
        recording.close();
    }

    @Test
    void theVirtualThreadEndpointDoesNotPinItsCarrier() {
        // The first requests load and initialise framework classes, which may pin briefly (class loading
        // holds a lock the JVM cannot unmount from); that happens once per class, so warm up, then watch.
        Concurrently.get(virtualRoute, 20);
        Instant watchFrom = Instant.now();

        assertThat(Concurrently.get(virtualRoute, 20)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"virtual\":true");
        });

        // JFR delivers events in batches, late. The marker pins on purpose: once its event has arrived, every
        // event of the window before it has too. It is also the control of the recording: were the recording blind
        // to pinning, the marker's event would never arrive and the test would fail, not pass on an empty list.
        Thread marker = Thread.ofVirtual().start(PinsWhileInitialising::touch);
        join(marker);
        await().atMost(Duration.ofSeconds(10)).until(() -> pinned.stream().anyMatch(VirtualThreadPinningTest::isMarker));

        assertThat(pinned.stream().filter(event -> event.getStartTime().isAfter(watchFrom) && !isMarker(event))
                .map(VirtualThreadPinningTest::describe))
                .as("virtual threads pinned while serving /sync-route/virtual")
                .isEmpty();
    }

    static boolean isMarker(RecordedEvent event) {
        return describe(event).contains(PinsWhileInitialising.class.getSimpleName());
    }

    static String describe(RecordedEvent event) {
        return event.toString();
    }

    static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Blocking inside a class initializer still pins, even on JDK 24+ where {@code synchronized} no longer does. */
    static final class PinsWhileInitialising {
        static {
            sleep();
        }

        static void touch() {
        }
    }

    static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
