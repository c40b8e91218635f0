package dev.offload.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Holds the end of a test run until the JVM has finished writing the AOT cache, so that {@code ./mvnw verify -Paot}
 * returns only once {@code target/quarkus-app/app.aot} can be used.
 * <p>
 * When the integration tests end, Quarkus' jar launcher (3.34) starts {@code java -XX:AOTMode=create} to assemble
 * {@code app.aot} from the training run, waits 20 s for it, and goes on whether it has ended or not. On a busy machine
 * the assembly takes longer (42 s in a CI run with a core kept busy), Maven returns while the file is half written,
 * and a jar started then refuses it ("Unable to read the file header"). The assembling JVM is still a child of the
 * test JVM at this point: this listener waits for every such descendant to end. It finds none in a run without the
 * {@code aot} profile, and returns at once.
 */
public class AotCacheWritten implements LauncherSessionListener {

    /** Longer than any assembly seen: it is a bound for a JVM that hangs, not an expected time. */
    static final Duration AT_MOST = Duration.ofMinutes(10);

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        List<ProcessHandle> assembling = assemblingAotCaches();
        if (assembling.isEmpty()) {
            return;
        }
        System.out.printf("Waiting for the JVM to finish writing the AOT cache (%s)%n",
                assembling.stream().map(process -> String.valueOf(process.pid())).toList());
        for (ProcessHandle process : assembling) {
            try {
                process.onExit().get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                System.out.printf("The JVM writing the AOT cache (pid %d) had not ended after %s%n", process.pid(),
                        AT_MOST);
            }
        }
    }

    /** This JVM's descendants that are writing an AOT cache, by their command line. */
    static List<ProcessHandle> assemblingAotCaches() {
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().arguments()
                        .map(arguments -> List.of(arguments).contains("-XX:AOTMode=create")).orElse(false))
                .toList();
    }
}
