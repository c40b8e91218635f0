/*
 * Runs GraalVM's native-image builder (NativeImageGeneratorRunner, from Maven Central's org.graalvm.nativeimage:svm)
 * on a plain JDK, over the arguments Quarkus writes with -Dquarkus.native.sources-only=true, as far as the object file:
 * the whole analysis, the build-time class initialization, the image heap and the compilation of every reachable
 * method. It stops there (-H:+ExitAfterRelocatableImageWrite) because linking needs the JDK's static libraries
 * (libjava.a, libnet.a, ...), which only GraalVM and Mandrel ship.
 *
 * It does the work of native-image's own driver (svm-driver, which no registry serves), as much of it as these
 * arguments need, and fails on anything it does not know rather than drop it:
 *   - translates the API options (--features, --initialize-at-*, --link-at-build-time, --enable-*, --no-fallback, ...)
 *     into the builder's -H: options, and -J options into the builder JVM's own;
 *   - reads -jar's manifest (Main-Class, Class-Path, Add-Opens, Add-Exports), and applies each class-path entry's
 *     META-INF/native-image: native-image.properties (Args, JavaArgs) and the reflection, resource, JNI, proxy and
 *     serialization files, less those --exclude-config names;
 *   - starts the builder's JVM with JVMCI on (-XX:+EnableJVMCI -XX:-UseJVMCICompiler), Maven's compiler jar on
 *     --upgrade-module-path (the JDK has its own jdk.graal.compiler), and the --add-exports of the JDK-internal
 *     packages the builder's jars use, which jdeps finds in them;
 *   - provides what the builder expects in a GraalVM home: a copy of the JDK (hard links) with the progress
 *     reporter's native library (native/reporterchelper.c, compiled with gcc) and the two C headers its C probes
 *     include, written from svm's own @CStruct and @CConstant declarations.
 *
 * usage: java native/Driver.java BUILDER_JARS_DIR NATIVE_SOURCES_DIR OUTPUT_DIR [native-image argument...]
 *   BUILDER_JARS_DIR    svm and everything it depends on (native/pom.xml copies them there)
 *   NATIVE_SOURCES_DIR  Quarkus' target/native-sources: native-image.args, the runner jar and lib/
 *   OUTPUT_DIR          emptied first; gets the JDK copy, the builder's arguments, its reports and the object file
 *   native-image arguments given after these are added to those of native-image.args (e.g. -H:+TraceClassInitialization)
 * env:   NATIVE_ANALYSIS_XMX  the builder JVM's -Xmx (default: 10g, or 70% of the memory if that is less)
 * Exits with the builder's status, or 2 when it could not start it.
 */

import java.io.IOException;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class Driver {

    static final String BUILDER_MODULE = "org.graalvm.nativeimage.builder";
    static final String GENERATOR = "com.oracle.svm.hosted.NativeImageGeneratorRunner";
    static final String COMPILER_MODULE = "jdk.graal.compiler";
    static final String USER = "user", API = "+api", DRIVER = "driver";

    /** The files of META-INF/native-image a driver turns into builder options, and those options. */
    static final Map<String, String> CONFIG_FILES = Map.of(
            "reachability-metadata.json", "ReachabilityMetadataResources",
            "jni-config.json", "JNIConfigurationResources",
            "reflect-config.json", "ReflectionConfigurationResources",
            "resource-config.json", "ResourceConfigurationResources",
            "proxy-config.json", "DynamicProxyConfigurationResources",
            "serialization-config.json", "SerializationConfigurationResources",
            "serialization-deny-config.json", "SerializationDenyConfigurationResources",
            "predefined-classes-config.json", "PredefinedClassesConfigurationResources",
            "foreign-config.json", "ForeignResources");

    /**
     * native-image's API options, as svm's @APIOption annotations define them: the builder option each becomes, and
     * how its value is written. Only those a Quarkus build or a library's native-image.properties plausibly uses.
     */
    record ApiOption(String hosted, Kind kind, String fixed) {
    }

    enum Kind {
        VALUE, // --x=v -> -H:X=v
        OPTIONAL_VALUE, // --x -> -H:X= (the option's empty default), --x=v -> -H:X=v
        FIXED, // --x -> -H:X=fixed
        BOOLEAN, // --x -> -H:+X
        BUILD_TIME, // --initialize-at-build-time=a,b -> -H:ClassInitialization=a:build_time,b:build_time
        RUN_TIME
    }

    static final Map<String, ApiOption> API_OPTIONS = Map.ofEntries(
            Map.entry("--features", new ApiOption("Features", Kind.VALUE, null)),
            Map.entry("--initialize-at-build-time", new ApiOption("ClassInitialization", Kind.BUILD_TIME, null)),
            Map.entry("--initialize-at-run-time", new ApiOption("ClassInitialization", Kind.RUN_TIME, null)),
            Map.entry("--link-at-build-time", new ApiOption("LinkAtBuildTime", Kind.OPTIONAL_VALUE, null)),
            Map.entry("--link-at-build-time-paths", new ApiOption("LinkAtBuildTimePaths", Kind.OPTIONAL_VALUE, null)),
            Map.entry("--enable-url-protocols", new ApiOption("EnableURLProtocols", Kind.VALUE, null)),
            Map.entry("--enable-http", new ApiOption("EnableURLProtocols", Kind.FIXED, "http")),
            Map.entry("--enable-https", new ApiOption("EnableURLProtocols", Kind.FIXED, "https")),
            Map.entry("--enable-monitoring", new ApiOption("EnableMonitoringFeatures", Kind.VALUE, null)),
            Map.entry("--enable-all-security-services", new ApiOption("EnableAllSecurityServices", Kind.BOOLEAN, null)),
            Map.entry("--no-fallback", new ApiOption("FallbackThreshold", Kind.FIXED, "0")),
            Map.entry("--enable-native-access", new ApiOption("EnableNativeAccess", Kind.VALUE, null)),
            Map.entry("--add-exports", new ApiOption("AddExports", Kind.VALUE, null)),
            Map.entry("--add-opens", new ApiOption("AddOpens", Kind.VALUE, null)),
            Map.entry("--add-reads", new ApiOption("AddReads", Kind.VALUE, null)),
            Map.entry("--report-unsupported-elements-at-runtime",
                    new ApiOption("ReportUnsupportedElementsAtRuntime", Kind.BOOLEAN, null)),
            Map.entry("--allow-incomplete-classpath", new ApiOption("AllowIncompleteClasspath", Kind.BOOLEAN, null)),
            Map.entry("--install-exit-handlers", new ApiOption("InstallExitHandlers", Kind.BOOLEAN, null)),
            Map.entry("--trace-class-initialization", new ApiOption("TraceClassInitialization", Kind.VALUE, null)),
            Map.entry("--trace-object-instantiation", new ApiOption("TraceObjectInstantiation", Kind.VALUE, null)),
            Map.entry("--parallelism", new ApiOption("NumberOfThreads", Kind.VALUE, null)),
            Map.entry("--exact-reachability-metadata", new ApiOption("ThrowMissingRegistrationErrors", Kind.OPTIONAL_VALUE, null)),
            Map.entry("--future-defaults", new ApiOption("FutureDefaults", Kind.VALUE, null)),
            Map.entry("-march", new ApiOption("MicroArchitecture", Kind.VALUE, null)));

    record Exclusion(Pattern jar, Pattern resource) {
    }

    final Path builderJars, sources, out;
    final List<String> jvmArgs = new ArrayList<>();
    final List<String> builderArgs = new ArrayList<>();
    final LinkedHashSet<Path> imageClasspath = new LinkedHashSet<>();
    final List<Exclusion> exclusions = new ArrayList<>();
    final List<String> leftovers = new ArrayList<>();
    Path jar;

    Driver(Path builderJars, Path sources, Path out) {
        this.builderJars = builderJars;
        this.sources = sources;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java native/Driver.java BUILDER_JARS_DIR NATIVE_SOURCES_DIR OUTPUT_DIR [native-image argument...]");
            System.exit(2);
        }
        Driver driver = new Driver(Path.of(args[0]).toAbsolutePath().normalize(),
                Path.of(args[1]).toAbsolutePath().normalize(), Path.of(args[2]).toAbsolutePath().normalize());
        int status;
        try {
            status = driver.run(List.of(args).subList(3, args.length));
        } catch (DriverError e) {
            System.err.println("native-analysis driver: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    static class DriverError extends RuntimeException {
        DriverError(String message) {
            super(message);
        }
    }

    static DriverError fail(String format, Object... args) {
        return new DriverError(String.format(format, args));
    }

    static void say(String format, Object... args) {
        System.out.printf("native-analysis driver: " + format + "%n", args);
    }

    int run(List<String> extraArgs) throws Exception {
        Path argsFile = sources.resolve("native-image.args");
        if (!Files.isRegularFile(argsFile)) {
            throw fail("no %s: run ./mvnw package -Dnative -Dquarkus.native.sources-only=true first", argsFile);
        }
        if (!System.getProperty("os.name").equals("Linux") || !System.getProperty("os.arch").equals("amd64")) {
            throw fail("only Linux on amd64 is provided for (the C headers and the CLibraryPath are those of linux-amd64)");
        }
        deleteTree(out);
        Files.createDirectories(out.resolve("tmp"));

        List<String> args = new ArrayList<>(List.of(Files.readString(argsFile).trim().split("\\s+")));
        args.addAll(extraArgs);
        // Stop after writing the object file: linking needs the JDK's static libraries, which no registry serves.
        // The object file is written to the builder's temporary folder, which it keeps when it is named (-H:TempDirectory).
        args.addAll(List.of("-H:+UnlockExperimentalVMOptions", "-H:+ExitAfterRelocatableImageWrite",
                "-H:TempDirectory=" + out.resolve("build"), "-H:-UnlockExperimentalVMOptions"));
        processCommandLine(args);
        if (jar == null) {
            throw fail("native-image.args has no -jar: this driver only knows Quarkus' jar builds");
        }
        // Applied once every --exclude-config is known, as the manifest's Class-Path brings in each jar of lib/.
        processJar(jar);

        String imageName = leftovers.isEmpty() ? null : leftovers.removeFirst();
        if (imageName == null || !leftovers.isEmpty()) {
            throw fail("expected the image name as the only bare argument, found %s", imageName == null ? "none" : leftovers);
        }

        Path jdk = prepareJdk();
        List<String> command = builderCommand(jdk, imageName);
        Path vmArgs = out.resolve("builder-vm.args");
        Files.write(vmArgs, command.subList(1, command.indexOf("--image-args-file")).stream().map(Driver::quoteForArgFile).toList());
        List<String> imageArgs = command.subList(command.indexOf("--image-args-file") + 1, command.size());
        Path imageArgsFile = out.resolve("builder-image.args");
        Files.writeString(imageArgsFile, String.join("\0", imageArgs));
        Files.write(out.resolve("builder-image-args.txt"), imageArgs); // the same, one a line, to read

        say("builder JVM: %s @%s --image-args-file=%s (%d image arguments, %d class-path entries)", command.getFirst(),
                out.relativize(vmArgs), out.relativize(imageArgsFile), imageArgs.size(), imageClasspath.size());
        ProcessBuilder pb = new ProcessBuilder(command.getFirst(), "@" + vmArgs, "--image-args-file=" + imageArgsFile)
                .directory(out.toFile()).inheritIO();
        Map<String, String> env = pb.environment();
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH", "JAVA_OPTIONS")) {
            env.remove(variable);
        }
        env.put("USE_NATIVE_IMAGE_JAVA_PLATFORM_MODULE_SYSTEM", "true");
        env.put("DRIVER_TEMP_DIR_ENV_VARIABLE", out.resolve("tmp").toString());
        Process builder = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(builder::destroy));
        int status = builder.waitFor();
        if (status != 0) {
            say("the builder failed with exit status %d", status);
            return status;
        }
        List<Path> objects;
        try (Stream<Path> files = Files.walk(out)) {
            objects = files.filter(p -> p.toString().endsWith(".o") && !p.startsWith(jdk)).toList();
        }
        if (objects.isEmpty()) {
            say("the builder exited with 0 but wrote no object file under %s", out);
            return 1;
        }
        for (Path object : objects) {
            say("object file %s (%,d bytes)", out.relativize(object), Files.size(object));
        }
        return 0;
    }

    // ---------------------------------------------------------------- arguments

    void processCommandLine(List<String> args) {
        ArrayList<String> queue = new ArrayList<>(args);
        while (!queue.isEmpty()) {
            String arg = queue.removeFirst();
            switch (arg) {
                case "-jar" -> jar = sources.resolve(next(queue, arg)).normalize();
                case "-cp", "-classpath", "--class-path" -> {
                    for (String entry : next(queue, arg).split(":")) {
                        imageClasspath.add(sources.resolve(entry).normalize());
                    }
                }
                case "--exclude-config" -> exclusions.add(new Exclusion(Pattern.compile(next(queue, arg)), Pattern.compile(next(queue, arg))));
                default -> {
                    if (!processOption(arg, USER)) {
                        if (arg.startsWith("-")) {
                            throw fail("native-image option %s is not one this driver knows: teach native/Driver.java what it means", arg);
                        }
                        leftovers.add(arg);
                    }
                }
            }
        }
    }

    static String next(List<String> queue, String option) {
        if (queue.isEmpty()) {
            throw fail("%s needs a value", option);
        }
        return queue.removeFirst();
    }

    /** An option valid both on the command line and in a native-image.properties' Args; false when unknown. */
    boolean processOption(String arg, String origin) {
        if (arg.startsWith("-J")) {
            jvmArgs.add(arg.substring(2));
        } else if (arg.startsWith("-D")) {
            jvmArgs.add(arg);
        } else if (arg.startsWith("-H:")) {
            builderArgs.add(withOrigin(arg, origin));
        } else if (arg.startsWith("-R:")) {
            builderArgs.add(arg);
        } else if (arg.startsWith("-O") && arg.length() > 2) {
            builderArgs.add(withOrigin("-H:Optimize=" + arg.substring(2), origin + API));
        } else {
            String translated = translateApiOption(arg);
            if (translated == null) {
                return false;
            }
            builderArgs.add(withOrigin(translated, origin + API));
        }
        return true;
    }

    static String translateApiOption(String arg) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        String value = eq < 0 ? null : arg.substring(eq + 1);
        ApiOption option = API_OPTIONS.get(name);
        if (option == null) {
            return null;
        }
        String hosted = "-H:" + option.hosted() + "=";
        return switch (option.kind()) {
            case VALUE -> {
                if (value == null) {
                    throw fail("%s needs a value (%s=...)", name, name);
                }
                yield hosted + value;
            }
            case OPTIONAL_VALUE -> hosted + (value == null ? "" : value);
            case FIXED, BOOLEAN -> {
                if (value != null) {
                    throw fail("%s takes no value", name);
                }
                yield option.kind() == Kind.FIXED ? hosted + option.fixed() : "-H:+" + option.hosted();
            }
            case BUILD_TIME, RUN_TIME -> {
                String suffix = option.kind() == Kind.BUILD_TIME ? ":build_time" : ":run_time";
                String list = value == null ? "" : value;
                yield hosted + (list.isEmpty() ? suffix
                        : Stream.of(list.split(",")).map(v -> v + suffix).collect(Collectors.joining(",")));
            }
        };
    }

    /** -H:Name=v becomes -H:Name@origin=v, and -H:+Name -H:+Name@origin, as native-image's driver writes them. */
    static String withOrigin(String option, String origin) {
        if (option.startsWith("-H:+") || option.startsWith("-H:-")) {
            if (option.contains("=")) {
                throw fail("boolean option %s has a value", option);
            }
            return option.contains("@") ? option : option + "@" + origin;
        }
        int eq = option.indexOf('=');
        if (eq < 0) {
            throw fail("option %s has no value ('=' missing)", option);
        }
        String front = option.substring(0, eq);
        return front.contains("@") ? option : front + "@" + origin + option.substring(eq);
    }

    // ---------------------------------------------------------------- the class path and META-INF/native-image

    void processJar(Path jarPath) throws IOException {
        if (!Files.isRegularFile(jarPath)) {
            throw fail("-jar %s: no such file", jarPath);
        }
        try (JarFile jarFile = new JarFile(jarPath.toFile())) {
            Attributes main = jarFile.getManifest() == null ? null : jarFile.getManifest().getMainAttributes();
            if (main == null || main.getValue("Main-Class") == null) {
                throw fail("%s has no Main-Class in its manifest", jarPath);
            }
            builderArgs.add(withOrigin("-H:Class=" + main.getValue("Main-Class"), "manifest from " + jarPath.toUri()));
            for (String[] attribute : new String[][] {{"Add-Opens", "AddOpens"}, {"Add-Exports", "AddExports"}}) {
                String packages = main.getValue(attribute[0]);
                if (packages != null) {
                    for (String modulePackage : packages.trim().split("\\s+")) {
                        builderArgs.add("-H:" + attribute[1] + "=" + modulePackage + "=ALL-UNNAMED");
                    }
                }
            }
            if ("ALL-UNNAMED".equals(main.getValue("Enable-Native-Access"))) {
                jvmArgs.add("--enable-native-access=ALL-UNNAMED");
            }
        }
        addClasspathEntry(jarPath);
    }

    void addClasspathEntry(Path entry) throws IOException {
        entry = entry.normalize();
        if (!imageClasspath.add(entry) && !entry.equals(jar)) {
            return;
        }
        if (!Files.exists(entry)) {
            return; // as java -cp does, a missing entry is no error
        }
        if (Files.isDirectory(entry)) {
            processMetaInf(entry, entry);
            return;
        }
        try (JarFile jarFile = new JarFile(entry.toFile())) {
            String classPath = jarFile.getManifest() == null ? null : jarFile.getManifest().getMainAttributes().getValue("Class-Path");
            // Each entry comes before those its manifest names, as with native-image.
            try (FileSystem zip = FileSystems.newFileSystem(entry)) {
                processMetaInf(entry, zip.getPath("/"));
            }
            if (classPath != null) {
                for (String relative : classPath.trim().split("\\s+")) {
                    addClasspathEntry(entry.getParent().resolve(relative));
                }
            }
        }
    }

    void processMetaInf(Path entry, Path root) throws IOException {
        Path metaInf = root.resolve("META-INF/native-image");
        if (!Files.isDirectory(metaInf)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(metaInf)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            boolean properties = fileName.equals("native-image.properties");
            if (!properties && !CONFIG_FILES.containsKey(fileName)) {
                continue;
            }
            String resource = file.toString(); // "/META-INF/native-image/..." inside a jar
            if (exclusions.stream().anyMatch(e -> e.jar().matcher(entry.toString()).find() && e.resource().matcher(resource).find())) {
                continue;
            }
            String origin = file.toUri().toString();
            if (!properties) {
                builderArgs.add(withOrigin("-H:" + CONFIG_FILES.get(fileName) + "=" + root.relativize(file), origin + API));
                continue;
            }
            Properties values = new Properties();
            try (var in = Files.newInputStream(file)) {
                values.load(in);
            }
            for (String key : values.stringPropertyNames()) {
                String value = values.getProperty(key).trim();
                if (value.contains("${")) {
                    throw fail("%s: %s uses ${...}, which this driver does not resolve", origin, key);
                }
                switch (key) {
                    case "Args" -> {
                        for (String arg : value.split("\\s+")) {
                            if (!arg.isEmpty() && !processOption(arg, origin)) {
                                throw fail("%s: Args has %s, which this driver does not know", origin, arg);
                            }
                        }
                    }
                    case "JavaArgs" -> jvmArgs.addAll(List.of(value.split("\\s+")));
                    case "ImageName" -> builderArgs.add(withOrigin("-H:Name=" + value, origin));
                    default -> throw fail("%s: property %s is not one this driver knows", origin, key);
                }
            }
        }
    }

    // ---------------------------------------------------------------- the builder's JVM

    List<String> builderCommand(Path jdk, String imageName) throws Exception {
        List<Path> jars;
        try (Stream<Path> list = Files.list(builderJars)) {
            jars = list.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        Map<String, Path> modules = new TreeMap<>();
        for (ModuleReference module : ModuleFinder.of(jars.toArray(Path[]::new)).findAll()) {
            modules.put(module.descriptor().name(), Path.of(module.location().orElseThrow()));
        }
        if (!modules.containsKey(BUILDER_MODULE) || !modules.containsKey(COMPILER_MODULE)) {
            throw fail("%s lacks the builder (%s) or the compiler (%s): found %s", builderJars, BUILDER_MODULE, COMPILER_MODULE, modules.keySet());
        }
        Path compiler = modules.get(COMPILER_MODULE);
        String modulePath = modules.values().stream().filter(p -> !p.equals(compiler)).map(Path::toString).collect(Collectors.joining(":"));

        List<String> command = new ArrayList<>();
        command.add(jdk.resolve("bin/java").toString());
        command.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "-XX:-UseJVMCICompiler",
                "-XX:+UseParallelGC", "-Xss10m", "-Xmx" + heapSize(), "-Xshare:off",
                "-Djava.awt.headless=true",
                "-Dorg.graalvm.version=" + graalVersion(jars),
                "-Dorg.graalvm.vendor=Offload's native/Driver.java",
                "-Dorg.graalvm.vendorversion=GraalVM CE " + graalVersion(jars) + " (Maven Central jars)",
                "-Dcom.oracle.graalvm.isaot=true",
                "-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader",
                "-Dorg.graalvm.nativeimage.imagecode=buildtime",
                "-Djdk.internal.lambda.disableEagerInitialization=true",
                "-Djdk.internal.lambda.eagerlyInitialize=false",
                "-Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false",
                "-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1",
                "-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false"));
        command.addAll(builderExports(jars, modules.keySet()));
        command.addAll(jvmArgs);
        command.addAll(List.of("--module-path", modulePath, "--upgrade-module-path", compiler.toString(),
                "--add-modules=ALL-DEFAULT",
                "--enable-native-access=" + String.join(",", modules.keySet()),
                "--module", BUILDER_MODULE + "/" + GENERATOR,
                // The builder stops when this file goes, i.e. when this driver ends, however it ends.
                "-keepalive", "/proc/" + ProcessHandle.current().pid() + "/comm"));

        command.add("--image-args-file");
        command.add("-imagecp");
        command.add(imageClasspath.stream().map(Path::toString).collect(Collectors.joining(":")));
        Path cLibraries = jdk.resolve("lib/svm/clibraries/linux-amd64");
        command.add("-H:CLibraryPath=" + cLibraries + "/glibc," + cLibraries + "," + jdk.resolve("lib/svm/clibraries"));
        command.add(withOrigin("-H:Path=" + out, DRIVER));
        command.addAll(builderArgs);
        command.add(withOrigin("-H:Name=" + imageName, "explicit image name"));
        command.add(withOrigin("-H:ImageBuildID=" + UUID.nameUUIDFromBytes(String.join(" ", builderArgs).getBytes(StandardCharsets.UTF_8)), DRIVER));
        return command;
    }

    static String graalVersion(List<Path> jars) {
        Matcher m = jars.stream().map(p -> Pattern.compile("^svm-(.+)\\.jar$").matcher(p.getFileName().toString()))
                .filter(Matcher::matches).findFirst().orElseThrow(() -> fail("no svm-<version>.jar among the builder's jars"));
        return m.group(1);
    }

    static String heapSize() throws IOException {
        String configured = System.getenv("NATIVE_ANALYSIS_XMX");
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        long totalKiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(16L << 20);
        long mib = Math.min(10 * 1024, totalKiB * 7 / 10 / 1024);
        return mib + "m";
    }

    /**
     * --add-exports for every JDK-internal package the builder's jars use (jdeps lists them), to every module of the
     * builder. GraalVM computes the same list when it is built (its graal-compiler-flags config); the builder opens
     * what it reads reflectively itself, through jdk.internal.module.Modules, which is one of these.
     */
    List<String> builderExports(List<Path> jars, Set<String> builderModules) throws IOException {
        Path cache = builderJars.resolve("add-exports.txt");
        String key = "# " + jars.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(" ")) + " on "
                + System.getProperty("java.vm.version");
        if (Files.isRegularFile(cache)) {
            List<String> lines = Files.readAllLines(cache);
            if (!lines.isEmpty() && lines.getFirst().equals(key)) {
                return lines.subList(1, lines.size());
            }
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> fail("this JDK has no jdeps"));
        var output = new java.io.StringWriter();
        String modulePath = jars.stream().map(Path::toString).collect(Collectors.joining(":"));
        Path compiler = jars.stream().filter(p -> p.getFileName().toString().startsWith("compiler-")).findFirst().orElseThrow();
        int status = jdeps.run(new java.io.PrintWriter(output), new java.io.PrintWriter(output),
                "--multi-release", Runtime.version().feature() + "", "--ignore-missing-deps", "-verbose:package",
                "--upgrade-module-path", compiler.toString(), "--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH");
        if (status != 0) {
            throw fail("jdeps failed (%d):%n%s", status, output);
        }
        // "   com.oracle.svm.core  -> jdk.internal.misc   JDK internal API (java.base)"
        Pattern internal = Pattern.compile("^\\s+\\S+\\s+->\\s+(\\S+)\\s+JDK internal API \\((\\S+)\\)");
        Map<String, Set<String>> exports = new TreeMap<>();
        for (String line : output.toString().split("\n")) {
            Matcher m = internal.matcher(line);
            if (m.find()) {
                exports.computeIfAbsent(m.group(2) + "/" + m.group(1), k -> new TreeSet<>()).addAll(builderModules);
            }
        }
        if (exports.isEmpty()) {
            throw fail("jdeps found no JDK-internal package used by the builder, which cannot be right:%n%s", output);
        }
        List<String> flags = exports.entrySet().stream().map(e -> "--add-exports=" + e.getKey() + "=" + String.join(",", e.getValue())).toList();
        List<String> lines = new ArrayList<>(List.of(key));
        lines.addAll(flags);
        Files.write(cache, lines);
        return flags;
    }

    // ---------------------------------------------------------------- what a GraalVM home has and a JDK lacks

    Path prepareJdk() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
        Path jdk = out.resolve("jdk");
        say("copying the JDK %s to %s (hard links where the file system allows)", javaHome, out.relativize(jdk));
        try (Stream<Path> walk = Files.walk(javaHome)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = jdk.resolve(javaHome.relativize(source).toString());
                if (Files.isSymbolicLink(source)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(source));
                } else if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.createLink(target, source);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        // The progress reporter's native methods, loaded from <java.home>/lib/svm/builder/lib.
        Path cFile = locateSibling("reporterchelper.c");
        Path library = jdk.resolve("lib/svm/builder/lib/libreporterchelper.so");
        Files.createDirectories(library.getParent());
        exec(List.of("gcc", "-shared", "-fPIC", "-O2", "-I" + javaHome.resolve("include"), "-I" + javaHome.resolve("include/linux"),
                "-o", library.toString(), cFile.toString()));
        // The headers the builder's C probes include, from svm's own declarations.
        Path include = jdk.resolve("lib/svm/clibraries/linux-amd64/include");
        Files.createDirectories(include);
        // Where GraalVM keeps the JDK's static libraries for the link, which never comes: present, and empty.
        Files.createDirectories(jdk.resolve("lib/svm/clibraries/linux-amd64/glibc"));
        Path svmJar;
        try (Stream<Path> list = Files.list(builderJars)) {
            svmJar = list.filter(p -> p.getFileName().toString().matches("svm-[0-9].*\\.jar")).findFirst()
                    .orElseThrow(() -> fail("no svm jar in %s", builderJars));
        }
        try (FileSystem zip = FileSystems.newFileSystem(svmJar)) {
            // The probes include each architecture's header, whichever the host's is.
            for (String arch : List.of("amd64/AMD64", "aarch64/AArch64", "riscv64/RISCV64")) {
                String lower = arch.substring(0, arch.indexOf('/'));
                Files.writeString(include.resolve(lower + "cpufeatures.h"), header(lower.toUpperCase() + "CPUFEATURES_H",
                        List.of(zip.getPath("com/oracle/svm/core/" + arch + "LibCHelper$CPUFeatures.class")), List.of()));
            }
            Files.writeString(include.resolve("svm_locale.h"), header("SVM_LOCALE_H",
                    List.of(zip.getPath("com/oracle/svm/core/c/locale/LocaleCHelper$LocaleProps.class")),
                    List.of(zip.getPath("com/oracle/svm/core/c/locale/LocaleCHelper.class"))));
        }
        return jdk;
    }

    static Path locateSibling(String name) {
        Path file = Path.of("native", name);
        if (!Files.isRegularFile(file)) {
            throw fail("cannot find %s: run the driver from the project's root", file);
        }
        return file.toAbsolutePath();
    }

    /**
     * A C header with one typedef'd struct per @CStruct interface (a field per @CField accessor: boolean as char,
     * pointers as char * or void *, as the C code behind them declares them) and one #define per @CConstant, numbered
     * from 0 in the order declared: only the build-time probes read these headers, and they check that each name
     * exists with a size and a signedness that fit, never the numbers.
     */
    static String header(String guard, List<Path> structs, List<Path> constants) throws IOException {
        StringBuilder c = new StringBuilder("/* Written by native/Driver.java from svm's @CStruct and @CConstant declarations. */\n");
        c.append("#ifndef ").append(guard).append("\n#define ").append(guard).append("\n\n");
        for (Path structClass : structs) {
            ClassModel model = ClassFile.of().parse(Files.readAllBytes(structClass));
            Annotation struct = annotation(model.findAttribute(java.lang.classfile.Attributes.runtimeVisibleAnnotations()), "CStruct");
            if (struct == null) {
                throw fail("%s is not a @CStruct", structClass);
            }
            String simpleName = model.thisClass().asInternalName().replaceAll(".*[/$]", "");
            String name = stringElement(struct, "value", simpleName);
            c.append("typedef struct {\n");
            for (MethodModel method : model.methods()) {
                Annotation field = annotation(method.findAttribute(java.lang.classfile.Attributes.runtimeVisibleAnnotations()), "CField");
                if (field == null) {
                    continue;
                }
                String fieldName = stringElement(field, "value", method.methodName().stringValue());
                String returns = method.methodTypeSymbol().returnType().descriptorString();
                String type = switch (returns) {
                    case "Z", "B" -> "char ";
                    case "S" -> "short ";
                    case "I" -> "int ";
                    case "J" -> "long long ";
                    case "Lorg/graalvm/nativeimage/c/type/CCharPointer;" -> "char *";
                    default -> "void *";
                };
                c.append("    ").append(type).append(fieldName).append(";\n");
            }
            c.append("} ").append(name).append(";\n\n");
        }
        for (Path constantsClass : constants) {
            ClassModel model = ClassFile.of().parse(Files.readAllBytes(constantsClass));
            int n = 0;
            for (MethodModel method : model.methods()) {
                Annotation constant = annotation(method.findAttribute(java.lang.classfile.Attributes.runtimeVisibleAnnotations()), "CConstant");
                if (constant != null) {
                    c.append("#define ").append(stringElement(constant, "value", method.methodName().stringValue())).append(' ').append(n++).append('\n');
                }
            }
        }
        return c.append("\n#endif\n").toString();
    }

    static Annotation annotation(java.util.Optional<RuntimeVisibleAnnotationsAttribute> attribute, String simpleName) {
        return attribute.stream().flatMap(a -> a.annotations().stream())
                .filter(a -> a.className().stringValue().endsWith("/" + simpleName + ";")).findFirst().orElse(null);
    }

    static String stringElement(Annotation annotation, String name, String fallback) {
        return annotation.elements().stream().filter(e -> e.name().stringValue().equals(name))
                .map(e -> e.value() instanceof AnnotationValue.OfString s ? s.stringValue() : null)
                .filter(v -> v != null && !v.isEmpty()).findFirst().orElse(fallback);
    }

    // ---------------------------------------------------------------- helpers

    static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw fail("%s failed with exit status %d", String.join(" ", command), p.exitValue());
        }
    }

    /** A java @argfile token: quoted when it holds a space, a quote, a backslash or a #. */
    static String quoteForArgFile(String arg) {
        if (!arg.matches(".*[\\s'\"\\\\#].*")) {
            return arg;
        }
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Collections.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
