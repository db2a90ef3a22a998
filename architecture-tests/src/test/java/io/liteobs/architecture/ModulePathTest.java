package io.liteobs.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.DataKind;
import io.liteobs.LiteObs;
import io.liteobs.sqlite.SqliteReader;
import java.io.File;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service on the module path: a small application with its own {@code module-info.java} that requires
 * {@code io.liteobs.sqlite} and {@code io.liteobs.runtime} is compiled and run against the published jars, with no
 * {@code --add-modules} or {@code --add-opens}, and records into a SQLite file. Runs in the integration-test phase,
 * on the jars the reactor packaged (core's with its relocated JCTools), as {@link PublishedJarsTest} does.
 */
class ModulePathTest {

    private static final String APP_MODULE = "com.example.orders";
    private static final Path APP_SOURCES = Path.of("src", "test", "resources", "module-path-app", APP_MODULE);

    /** The modules that core's shared internals are exported to, in the order a descriptor lists them. */
    private static final List<String> SHARING_INTERNALS = List.of("io.liteobs.alerting",
            "io.liteobs.instrumentation.jdkhttp", "io.liteobs.instrumentation.servlet", "io.liteobs.runtime",
            "io.liteobs.spring");

    /**
     * The modules that need no descriptor: the unpublished examples and benchmarks; the command line, an application
     * run from its executable jar on the class path; and the Spring Boot modules, since Spring Boot applications run on
     * the class path (Spring Boot does not support the module path).
     */
    private static final Set<String> CLASS_PATH_ONLY = Set.of("io.liteobs.examples", "io.liteobs.benchmarks",
            "io.liteobs.cli", "io.liteobs.spring", "io.liteobs.spring.starter", "io.liteobs.examples.spring");

    @TempDir
    Path dir;

    @Test
    void publishedModules_declareWhatTheyExport_andNoInternalPackage() throws URISyntaxException {
        Map<String, ModuleDescriptor> liteObs = ModuleFinder.of(modulePath().toArray(Path[]::new)).findAll()
                .stream().map(module -> module.descriptor())
                .filter(descriptor -> descriptor.name().startsWith("io.liteobs."))
                .collect(Collectors.toMap(ModuleDescriptor::name, descriptor -> descriptor));

        assertEquals(Map.ofEntries(
                        Map.entry("io.liteobs.core", List.of("io.liteobs", "io.liteobs.common.internal to ["
                                + String.join(", ", SHARING_INTERNALS) + "]", "io.liteobs.memory", "io.liteobs.spi")),
                        Map.entry("io.liteobs.store.tck", List.of("io.liteobs.store.tck")),
                        Map.entry("io.liteobs.sqlite", List.of("io.liteobs.sqlite")),
                        Map.entry("io.liteobs.postgres", List.of("io.liteobs.postgres")),
                        Map.entry("io.liteobs.runtime", List.of("io.liteobs.runtime", "io.liteobs.runtime.health",
                                "io.liteobs.runtime.host", "io.liteobs.runtime.micrometer")),
                        Map.entry("io.liteobs.alerting", List.of("io.liteobs.alerting")),
                        Map.entry("io.liteobs.http", List.of("io.liteobs.http")),
                        Map.entry("io.liteobs.instrumentation.jdkhttp", List.of("io.liteobs.instrumentation.jdkhttp")),
                        Map.entry("io.liteobs.instrumentation.servlet",
                                List.of("io.liteobs.instrumentation.servlet"))),
                liteObs.entrySet().stream().filter(module -> !CLASS_PATH_ONLY.contains(module.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, module -> exports(module.getValue()))),
                "every published module has a descriptor, and exports its API only");
    }

    @Test
    void applicationOnTheModulePath_compilesRunsAndRecordsIntoItsFile() throws Exception {
        String modulePath = modulePath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path classes = dir.resolve("classes");
        List<String> sources;
        try (Stream<Path> files = Files.walk(APP_SOURCES)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter compilerOutput = new StringWriter();
        List<String> options = List.of("--release", "17", "-Xlint:all", "-Werror", "--module-path", modulePath,
                "-d", classes.toString());
        boolean compiled = javac.getTask(compilerOutput, null, null, options, null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjectsFromStrings(sources))
                .call();
        assertTrue(compiled, compilerOutput.toString());

        Path database = dir.resolve("orders-obs.db");
        Path output = dir.resolve("output.txt");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", classes + File.pathSeparator + modulePath,
                "--module", APP_MODULE + "/com.example.orders.OrdersMain", database.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(run.waitFor(5, TimeUnit.MINUTES), "the application ends");
        String printed = Files.readString(output);
        assertEquals(0, run.exitValue(), printed);
        assertTrue(printed.contains("health "), printed);

        try (SqliteReader reader = SqliteReader.open(database)) {
            Map<DataKind, Long> rows = reader.rowCounts();
            assertEquals(1, rows.get(DataKind.AUDIT), rows::toString);
            assertEquals(1, rows.get(DataKind.HEARTBEATS), rows::toString);
            assertTrue(rows.get(DataKind.METRICS) >= 2, rows::toString);
            assertEquals(List.of("orders.created"), reader.findMetricMetadata("orders.created").stream()
                    .map(metadata -> metadata.name()).distinct().toList(), "the Micrometer counter is in the file");
        }
    }

    private static List<String> exports(ModuleDescriptor descriptor) {
        return descriptor.exports().stream()
                .map(export -> export.isQualified() ? export.source() + " to " + export.targets().stream().sorted()
                        .toList() : export.source())
                .sorted().toList();
    }

    /**
     * Every jar of this test's class path: the published modules and what they need, as a build tool gives them.
     * They must be jars: in the test phase the modules are target/classes folders, and core's has no JCTools.
     */
    private static List<Path> modulePath() throws URISyntaxException {
        Path core = Path.of(LiteObs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(core.toString().endsWith(".jar"), "core is read from its jar, not " + core);
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar")).map(Path::of).toList();
    }
}
