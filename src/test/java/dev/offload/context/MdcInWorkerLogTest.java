package dev.offload.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A log line written inside a ManagedExecutor task carries the request id in its MDC (MdcProvider), and the trace and
 * span ids of the request on every hop the trace reaches; on the hops it does not, none. The console line shows them.
 */
@QuarkusTest
class MdcInWorkerLogTest {

    @ConfigProperty(name = "quarkus.log.console.format")
    String consoleFormat;

    final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    final Logger hops = Logger.getLogger(ContextProbe.HOPS.getName());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ExtLogRecord logged = (ExtLogRecord) record;
            logged.copyMdc(); // now, on the thread that logged, not later on the test's
            records.add(logged);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = hops.getLevel();
        hops.setLevel(Level.FINE);
        hops.addHandler(capture);
    }

    @AfterEach
    void release() {
        hops.removeHandler(capture);
        // Left at FINE, every later probe on an event loop would log, and take the log handlers' lock there.
        hops.setLevel(levelBefore);
    }

    @Test
    void theWorkersLogRecordCarriesTheRequestId() {
        String[] span = given().header("X-Request-Id", "logged-1").when().get("/context/matrix").then().statusCode(200)
                .extract().jsonPath().getString("requestSpan").split("/");

        ExtLogRecord inWorker = records.stream()
                .filter(record -> record.getFormattedMessage().equals("context probe on ManagedExecutor"))
                .findFirst().orElseThrow();
        assertThat(inWorker.getThreadName()).startsWith("executor-thread-");
        assertThat(inWorker.getMdc(ContextProbe.MDC_KEY)).isEqualTo("logged-1");

        // On a thread Quarkus does not manage, only MdcProvider brings the MDC (through the Mutiny hop),
        // and a plain executor brings nothing.
        assertThat(recordOf("context probe on Mutiny emitOn(unmanaged)").getMdc(ContextProbe.MDC_KEY))
                .isEqualTo("logged-1");
        assertThat(recordOf("context probe on unmanaged ExecutorService").getMdc(ContextProbe.MDC_KEY))
                .isNull();

        // The trace, as a log line carries it: the request's trace and span where the trace arrived, nothing where
        // it did not.
        for (String hop : new String[] { "ManagedExecutor", "virtual thread (@VirtualThreads executor)",
                "Mutiny emitOn(unmanaged)" }) {
            assertThat(recordOf("context probe on " + hop).getMdc("traceId")).as(hop).isEqualTo(span[0]);
            assertThat(recordOf("context probe on " + hop).getMdc("spanId")).as(hop).isEqualTo(span[1]);
        }
        for (String hop : new String[] { "unmanaged ExecutorService", "CPU pool",
                "isolated ManagedExecutor (context cleared)" }) {
            assertThat(recordOf("context probe on " + hop).getMdc("traceId")).as(hop).isNull();
        }
    }

    /** The console line, as the configured format writes it: the request id, then the trace and span ids. */
    @Test
    void theConsoleLineShowsTheRequestIdAndTrace() {
        String[] span = given().header("X-Request-Id", "logged-2").when().get("/context/matrix").then().statusCode(200)
                .extract().jsonPath().getString("requestSpan").split("/");

        ExtLogRecord inWorker = recordOf("context probe on ManagedExecutor");
        assertThat(new PatternFormatter(consoleFormat).format(inWorker)).contains("(" + inWorker.getThreadName()
                + ") logged-2 traceId=" + span[0] + " spanId=" + span[1] + " context probe on ManagedExecutor");
    }

    ExtLogRecord recordOf(String message) {
        return records.stream().filter(record -> record.getFormattedMessage().equals(message)).findFirst()
                .orElseThrow();
    }
}
