package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every hop a request's work makes off its thread is one the door hardens. Outside the toolkit ({@code door}, and
 * {@code observe}, whose own threads and deployments run no request's work), each
 * executor handed to a hop ({@code runSubscriptionOn}, {@code emitOn}, {@code supplyAsync}, {@code runAsync},
 * {@code execute}) is wrapped where the hop is written, {@code door.guard(...)}; and no code builds threads of its
 * own, or calls Vert.x's {@code executeBlocking}, past the door. And the package every other one uses for its errors
 * uses none of them. The one exception is Fault Tolerance, shown beside the door in its own package and nowhere else.
 */
class OneDoorTest {

    static final Path MAIN = Path.of("src", "main", "java", "dev", "offload");
    /** A hop with the executor it is given: the argument must be the door's guard. */
    static final Pattern HOP = Pattern.compile("(\\.runSubscriptionOn|\\.emitOn|supplyAsync|runAsync)\\((.*)");
    /**
     * Ways to run work elsewhere that the door does not offer to guard, and threads or pools built past the door (the
     * shutdown hook's thread, which the JVM starts at SIGTERM and which runs no request's work, is built unstarted).
     */
    static final Pattern UNGUARDED = Pattern.compile("executeBlocking\\(|Thread\\.ofVirtual|Thread\\.startVirtualThread"
            + "|newVirtualThreadPerTaskExecutor|new Thread\\(|\\.submit\\(|Executors\\.new|ForkJoinPool\\.commonPool"
            + "|new (ThreadPoolExecutor|ScheduledThreadPoolExecutor|ForkJoinPool)\\(|\\.parallelStream\\("
            + "|Thread\\.ofPlatform\\(\\)[^;]*\\.(start|factory)\\(");

    @Test
    void everyHopOutsideTheDoorIsGuardedByIt() throws IOException {
        List<String> unguarded = codeLinesOutsideTheDoor().filter(line -> {
            Matcher hop = HOP.matcher(line);
            // A supplyAsync's executor is its second argument, on this line or the next ones; the door's guard is
            // then named on the hop's own lines (checked below, over the statement).
            return hop.find() && !line.contains("door.guard(") && !hop.group(1).contains("Async")
                    || UNGUARDED.matcher(line).find();
        }).toList();
        assertThat(unguarded).isEmpty();
    }

    @Test
    void everySupplyAsyncOrRunAsyncOutsideTheDoorIsGivenTheDoorsGuard() throws IOException {
        List<String> statements = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(OneDoorTest::outsideTheDoor).toList()) {
                String code = code(file);
                Matcher async = Pattern.compile("(supplyAsync|runAsync)\\(").matcher(code);
                while (async.find()) {
                    int end = code.indexOf(';', async.start());
                    String statement = code.substring(async.start(), end < 0 ? code.length() : end);
                    if (!statement.contains("door.guard(")) {
                        statements.add(file + ": " + statement.replaceAll("\\s+", " "));
                    }
                }
            }
        }
        assertThat(statements).isEmpty();
    }

    @Test
    void theSeedsHopWithTheQuarkusIdiomThroughTheDoor() throws IOException {
        // Where a reader of each seed looks for its FastAPI twin's idiom.
        assertThat(code(MAIN.resolve("seed/ToThreadResource.java")))
                .contains(".runSubscriptionOn(door.guard(Infrastructure.getDefaultWorkerPool()))");
        assertThat(code(MAIN.resolve("seed/RunInThreadpoolResource.java")))
                .containsPattern("CompletableFuture\\.supplyAsync\\([\\s\\S]*door\\.guard\\(managedExecutor\\)\\)");
        assertThat(code(MAIN.resolve("cpu/CpuResource.java")))
                .contains(".runSubscriptionOn(door.guard(cpuPool.executor()))");
        assertThat(code(MAIN.resolve("seed/SyncRouteResource.java"))).contains("@Blocking").contains("@RunOnVirtualThread");
    }

    static boolean outsideTheDoor(Path file) {
        return file.toString().endsWith(".java") && !file.startsWith(MAIN.resolve("door"))
                && !file.startsWith(MAIN.resolve("observe"));
    }

    static Stream<String> codeLinesOutsideTheDoor() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(OneDoorTest::outsideTheDoor).toList()) {
                code(file).lines().filter(line -> !line.isBlank()).forEach(line -> lines.add(file + ": " + line.trim()));
            }
        }
        return lines.stream();
    }

    /** A source file's code: comments and string literals blanked, since they may name what they like. */
    static String code(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(line -> !line.trim().startsWith("*") && !line.trim().startsWith("/"))
                .map(line -> line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("//.*", ""))
                .reduce("", (all, line) -> all + line + "\n");
    }

    /**
     * The one way past the door, and where it may be taken: Fault Tolerance's own bounds and hop ({@code @Bulkhead},
     * {@code @Timeout}, {@code @Asynchronous}), which the service shows beside the door, in its own package and in
     * the context matrix's rows for it, and nowhere else.
     */
    @Test
    void faultToleranceBoundsOnlyTheEndpointsThatShowIt() throws IOException {
        Pattern faultTolerance = Pattern.compile("@(Bulkhead|Timeout|Asynchronous|AsynchronousNonBlocking|RateLimit"
                + "|Retry|CircuitBreaker|Fallback|ApplyGuard)\\b|org\\.eclipse\\.microprofile\\.faulttolerance|io\\.smallrye\\.faulttolerance");
        List<Path> allowed = List.of(MAIN.resolve("faulttolerance"), MAIN.resolve("context/ContextMatrixResource.java"));
        List<String> elsewhere = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> allowed.stream().noneMatch(f::startsWith)).toList()) {
                Files.readAllLines(file).stream().filter(line -> faultTolerance.matcher(line).find())
                        .forEach(line -> elsewhere.add(file + ": " + line.trim()));
            }
        }
        assertThat(elsewhere).isEmpty();
        assertThat(code(MAIN.resolve("faulttolerance/FaultToleranceResource.java"))).contains("@Bulkhead(")
                .contains("@Timeout(").contains("@Asynchronous").doesNotContain("door.");
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
