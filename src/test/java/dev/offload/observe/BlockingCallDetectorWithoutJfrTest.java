package dev.offload.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Where JFR cannot record, as in a native executable built without it (svm's FlightRecorder.isAvailable() is false
 * there, and opening a recording throws), the detector switched on does not stop the service from starting: it says
 * why in one warning and in {@link BlockingCallDetector#unavailable()} (which the live state shows), and listens to
 * nothing. The recording is opened through a seam that fails here as it would there.
 */
class BlockingCallDetectorWithoutJfrTest {

    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    final Logger log = Logger.getLogger(BlockingCallDetector.class.getName());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(capture);
    }

    static ObserveConfig detector(boolean enabled) {
        ObserveConfig.BlockingDetector detector = new ObserveConfig.BlockingDetector() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Duration threshold() {
                return Duration.ZERO;
            }

            @Override
            public List<String> allowedIn() {
                return List.of();
            }
        };
        return new ObserveConfig() {
            @Override
            public Duration lagProbeInterval() {
                return Duration.ofMillis(50);
            }

            @Override
            public Duration lagThreshold() {
                return Duration.ofMillis(200);
            }

            @Override
            public Duration lagSustain() {
                return Duration.ofSeconds(2);
            }

            @Override
            public BlockingDetector blockingDetector() {
                return detector;
            }

            @Override
            public Watchdog watchdog() {
                return () -> Duration.ofSeconds(5);
            }
        };
    }

    List<LogRecord> warnings() {
        return logged.stream().filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    @Test
    void whereJfrCannotRecordTheServiceStartsAndTheDetectorSaysWhy() {
        BlockingCallDetector detector = new BlockingCallDetector(detector(true), new SimpleMeterRegistry(), () -> {
            throw new IllegalStateException("JFR is not available in this process");
        });

        assertThat(detector.enabled()).isFalse();
        assertThat(detector.unavailable()).hasValue("java.lang.IllegalStateException: JFR is not available in this process");
        assertThat(detector.latest(5)).isEmpty();
        assertThat(warnings()).singleElement().satisfies(record -> assertThat(record.getMessage())
                .contains("blocking-call detector is off", "JFR cannot record", "JFR is not available in this process",
                        "quarkus.native.monitoring"));
        assertThatThrownBy(() -> detector.sync(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JFR cannot record in this process");
        detector.stop();
    }

    @Test
    void aLinkageErrorFromJfrIsTakenTheSameWay() {
        // What a class svm left out of the image would throw on first use.
        BlockingCallDetector detector = new BlockingCallDetector(detector(true), new SimpleMeterRegistry(), () -> {
            throw new NoClassDefFoundError("jdk/jfr/internal/PlatformRecorder");
        });

        assertThat(detector.enabled()).isFalse();
        assertThat(detector.unavailable()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("NoClassDefFoundError", "jdk/jfr/internal/PlatformRecorder"));
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void switchedOffItOpensNoRecordingAndHasNothingToSay() {
        BlockingCallDetector detector = new BlockingCallDetector(detector(false), new SimpleMeterRegistry(), () -> {
            throw new AssertionError("a detector switched off opened a recording");
        });

        assertThat(detector.enabled()).isFalse();
        assertThat(detector.unavailable()).isEmpty();
        assertThat(warnings()).isEmpty();
        assertThatThrownBy(() -> detector.sync(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("offload.observe.blocking-detector.enabled");
    }

    @Test
    void withJfrItListensAndSaysNothing() throws InterruptedException {
        BlockingCallDetector detector = new BlockingCallDetector(detector(true), new SimpleMeterRegistry(),
                BlockingCallDetector.JFR);
        try {
            assertThat(detector.enabled()).isTrue();
            assertThat(detector.unavailable()).isEmpty();
            assertThat(warnings()).isEmpty();
            detector.sync(Duration.ofSeconds(30));
        } finally {
            detector.stop();
        }
    }
}
