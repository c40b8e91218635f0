package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The door is the only way a request's work leaves its thread: no code outside {@code dev.offload.door} hands work to
 * a pool, a ManagedExecutor, a virtual thread or Mutiny's hops. (The observers' own threads, the watchdog's and JFR's,
 * run no request's work, and use none of these.) And the package every other one uses for its errors uses none of
 * them.
 */
class OneDoorTest {

    static final Path MAIN = Path.of("src", "main", "java", "dev", "offload");
    static final Pattern HOPS = Pattern.compile("\\.runSubscriptionOn\\(|\\.emitOn\\(|supplyAsync\\(|runAsync\\("
            + "|ManagedExecutor|@VirtualThreads|getDefaultWorkerPool|executeBlocking\\(|Thread\\.ofVirtual|"
            + "newVirtualThreadPerTaskExecutor|CompletableFuture\\.supplyAsync");

    @Test
    void noCodeOutsideTheDoorMovesARequestsWork() throws IOException {
        List<String> outside;
        try (Stream<Path> files = Files.walk(MAIN)) {
            outside = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.startsWith(MAIN.resolve("door")))
                    .flatMap(file -> {
                        try {
                            // Code only: comments and string literals may name what they like.
                            return Files.readAllLines(file).stream()
                                    .filter(line -> !line.trim().startsWith("*") && !line.trim().startsWith("/"))
                                    .filter(line -> HOPS.matcher(line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""))
                                            .find())
                                    .map(line -> file + ": " + line.trim());
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }).toList();
        }
        assertThat(outside).isEmpty();
        assertThat(MAIN.resolve("door").resolve("Door.java")).exists();
    }

    /** error/ is the ground floor: every package may use it, and it uses no other package of ours. */
    @Test
    void theErrorPackageUsesNoOtherPackageOfOurs() throws IOException {
        Pattern ours = Pattern.compile("dev\\.offload\\.(?!error\\b)\\w+");
        List<String> upward;
        try (Stream<Path> files = Files.walk(MAIN.resolve("error"))) {
            upward = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> {
                        try {
                            return Files.readAllLines(file).stream()
                                    .filter(line -> ours.matcher(line).find())
                                    .map(line -> file + ": " + line.trim());
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }).toList();
        }
        assertThat(upward).isEmpty();
        assertThat(MAIN.resolve("error").resolve("HttpProblem.java")).exists();
    }
}
