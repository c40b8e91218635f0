package dev.offload.launch;

import io.quarkus.runtime.Quarkus;

/**
 * The packaged jar's main class ({@code %prod.quarkus.package.main-class}): it checks the Java version, then starts
 * Quarkus as its generated main class would. Compiled for Java 17 (its own execution of the compiler in
 * {@code pom.xml}), so that an older {@code java}, which Quarkus' launcher still runs, can load it and say what it needs.
 * Without it, the first class of ours that Quarkus loads fails with {@code UnsupportedClassVersionError} while the log is
 * not set up yet, and the JVM exits with code 1 having printed nothing.
 */
public final class JdkCheck {

    /** The Java feature version the classes are compiled for ({@code maven.compiler.release}). */
    static final int REQUIRED = 25;

    private JdkCheck() {
    }

    public static void main(String... args) {
        int running = Runtime.version().feature();
        if (running < REQUIRED) {
            System.err.printf("Offload needs Java %d or newer, and this java is %d (%s).%n"
                    + "Run it with a JDK %d, e.g. the one .mvn/java-home finds, from the project's folder:%n"
                    + "    \"$(.mvn/java-home)/bin/java\" -jar target/quarkus-app/quarkus-run.jar%n",
                    REQUIRED, running, System.getProperty("java.home"), REQUIRED);
            System.exit(1);
        }
        Quarkus.run(args);
    }
}
