package dev.offload.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The service uses public APIs only, so it survives the next Quarkus line (Quarkus 4 moves to Vert.x 5, where
 * Vert.x's {@code impl} classes move to {@code internal} packages and the factory setters go): no class from a
 * Vert.x {@code impl} or {@code internal} package, no Quarkus runtime class beyond the documented few, no Netty
 * (Vert.x 5 hides its event loops), and none of the calls that reach past the public surface.
 */
class PublicApiTest {

    static final Path MAIN = Path.of("src", "main", "java");

    /** The packages that are not public API. */
    static final String INTERNAL_PACKAGES = "(io\\.vertx\\.[\\w.]*\\.(impl|internal)\\.|io\\.netty\\.|io\\.quarkus\\.[\\w.]*\\.runtime\\."
            + "|io\\.quarkus\\.runtime\\.|io\\.quarkus\\.arc\\.impl\\.|io\\.smallrye\\.[\\w.]*\\.impl\\.)";
    /** Imports from them. */
    static final Pattern INTERNAL_IMPORT = Pattern.compile("^import (static )?" + INTERNAL_PACKAGES);
    /** The same packages named in full in the code, where no import shows them: {@code (io.vertx.core.impl.X) c}. */
    static final Pattern INTERNAL_NAME = Pattern.compile("(?<![\\w.])" + INTERNAL_PACKAGES);
    /** A string literal, which may name such a package as text (a stack frame to match), not use it. */
    static final Pattern STRING = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"");

    /** Quarkus' documented application API, which lives in a package named runtime. */
    static final Set<String> DOCUMENTED = Set.of("import io.quarkus.runtime.Startup;",
            "import io.quarkus.runtime.StartupEvent;", "import io.quarkus.runtime.ShutdownEvent;",
            "import io.quarkus.runtime.Quarkus;", "import io.quarkus.runtime.QuarkusApplication;",
            "import io.quarkus.runtime.annotations.QuarkusMain;",
            "import io.quarkus.runtime.annotations.RegisterForReflection;");

    /** Calls past the public surface: Netty's loops, the factory SPIs, Quarkus REST's undocumented context key. */
    static final Pattern INTERNAL_CALL = Pattern.compile("nettyEventLoopGroup\\(|\\.setFactory\\(|VertxOptionsCustomizer"
            + "|\"UrlPathTemplate\"|ConnectionBase|HttpServerRequestInternal|ExtendedQuarkusVertxHttpMetrics");

    @Test
    void theMainCodeUsesPublicApisOnly() throws IOException {
        assertThat(offending()).isEmpty();
    }

    @Test
    void theRulesCatchWhatTheyForbid() {
        assertThat(INTERNAL_IMPORT.matcher("import io.vertx.core.net.impl.ConnectionBase;").find()).isTrue();
        assertThat(INTERNAL_IMPORT.matcher("import io.vertx.core.internal.ContextInternal;").find()).isTrue();
        assertThat(INTERNAL_IMPORT.matcher("import io.quarkus.vertx.http.runtime.RouteConstants;").find()).isTrue();
        assertThat(INTERNAL_IMPORT.matcher("import io.netty.util.concurrent.EventExecutor;").find()).isTrue();
        assertThat(INTERNAL_IMPORT.matcher("import io.vertx.ext.web.Router;").find()).isFalse();
        assertThat(INTERNAL_CALL.matcher("for (var loop : vertx.nettyEventLoopGroup()) {").find()).isTrue();
        assertThat(INTERNAL_CALL.matcher("options.setFactory(factory);").find()).isTrue();
        assertThat(namesAnInternalClass("return ((io.vertx.core.impl.ContextInternal) context).nettyEventLoop();"))
                .isTrue();
        assertThat(namesAnInternalClass("@io.quarkus.runtime.Startup")).isFalse();
        assertThat(namesAnInternalClass("if (frame.startsWith(\"io.netty.\")) {")).isFalse();
        assertThat(namesAnInternalClass("import io.vertx.core.Vertx;")).isFalse();
    }

    static List<String> offending() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String trimmed = line.trim();
                    boolean comment = trimmed.startsWith("*") || trimmed.startsWith("/");
                    if (INTERNAL_IMPORT.matcher(trimmed).find() && !DOCUMENTED.contains(trimmed)
                            || !comment && INTERNAL_CALL.matcher(trimmed).find()
                            || !comment && namesAnInternalClass(trimmed)) {
                        found.add(file + ": " + trimmed);
                    }
                }
            }
        }
        return found;
    }

    /** Whether a line of code (not an import) names a class of a non-public package in full, outside its strings. */
    static boolean namesAnInternalClass(String line) {
        if (line.startsWith("import ")) {
            return false;
        }
        String code = STRING.matcher(line).replaceAll("\"\"");
        for (String documented : DOCUMENTED) {
            code = code.replace(documented.substring("import ".length(), documented.length() - 1), "");
        }
        return INTERNAL_NAME.matcher(code).find();
    }
}
