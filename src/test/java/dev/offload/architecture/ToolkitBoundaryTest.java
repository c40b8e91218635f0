package dev.offload.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The toolkit (the door and the observers) stands beneath the demo and knows nothing of it: no class of
 * {@code door} or {@code observe} names a package of the demo's endpoints, so another application could take the
 * toolkit as it is. It stands on the ground floor only: {@code error}, {@code shutdown} and {@code where}.
 */
class ToolkitBoundaryTest {

    static final Path MAIN = Path.of("src", "main", "java", "dev", "offload");
    static final List<String> TOOLKIT = List.of("door", "observe");
    /**
     * Every package of ours (a lower-case name: {@code dev.offload.BlockingCallDetectorSync} names a JFR event) but the
     * toolkit's own and the ground floor's, so a new demo package is one too.
     */
    static final Pattern DEMO = Pattern.compile("dev\\.offload\\.(?!(door|observe|error|shutdown|where)\\b)[a-z][a-z0-9_]*\\b");

    @Test
    void theToolkitNamesNoDemoPackage() throws IOException {
        assertThat(demoNamedInTheToolkit()).isEmpty();
        assertThat(MAIN.resolve("door").resolve("Door.java")).exists();
        assertThat(MAIN.resolve("observe").resolve("EventLoopLag.java")).exists();
    }

    @Test
    void theRuleSeesAnImportOfTheDemo() {
        assertThat(DEMO.matcher("import dev.offload.seed.SyncTask;").find()).isTrue();
        assertThat(DEMO.matcher("import dev.offload.faulttolerance.FaultToleranceAnswers;").find()).isTrue();
        assertThat(DEMO.matcher("import dev.offload.error.HttpProblem;").find()).isFalse();
        assertThat(DEMO.matcher("import dev.offload.door.Door;").find()).isFalse();
        assertThat(DEMO.matcher("@Name(\"dev.offload.BlockingCallDetectorSync\")").find()).isFalse();
    }

    static List<String> demoNamedInTheToolkit() throws IOException {
        List<String> found = new ArrayList<>();
        for (String room : TOOLKIT) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(room))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Files.readAllLines(file).stream().filter(line -> DEMO.matcher(line).find())
                            .forEach(line -> found.add(file + ": " + line.trim()));
                }
            }
        }
        return found;
    }
}
