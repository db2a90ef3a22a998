package io.liteobs.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.LiteObs;
import io.liteobs.alerting.Alerting;
import io.liteobs.instrumentation.jdkhttp.LiteObsHttpFilter;
import io.liteobs.instrumentation.servlet.LiteObsServletFilter;
import io.liteobs.http.LiteObsHttpServer;
import io.liteobs.cli.Main;
import io.liteobs.postgres.PostgresStore;
import io.liteobs.runtime.micrometer.LiteObsMeterRegistry;
import io.liteobs.spring.LiteObsAutoConfiguration;
import io.liteobs.sqlite.SqliteStore;
import io.liteobs.store.tck.StoreCompatibilityKit;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jars a service gets say what they are: each published module's manifest names the module, its title and the
 * version it was built as, also core's, which the shade plugin rewrites. Runs in the integration-test phase, on the
 * jars the reactor packaged (see this module's POM); the version expected is the build's, in {@code liteobs.version}.
 */
class PublishedJarsTest {

    /** A class of each published module, and the module name its jar declares. */
    private static final Map<Class<?>, String> MODULES = Map.ofEntries(
            Map.entry(LiteObs.class, "io.liteobs.core"),
            Map.entry(StoreCompatibilityKit.class, "io.liteobs.store.tck"),
            Map.entry(SqliteStore.class, "io.liteobs.sqlite"),
            Map.entry(PostgresStore.class, "io.liteobs.postgres"),
            Map.entry(LiteObsMeterRegistry.class, "io.liteobs.runtime"),
            Map.entry(Alerting.class, "io.liteobs.alerting"),
            Map.entry(LiteObsHttpFilter.class, "io.liteobs.instrumentation.jdkhttp"),
            Map.entry(LiteObsServletFilter.class, "io.liteobs.instrumentation.servlet"),
            Map.entry(LiteObsHttpServer.class, "io.liteobs.http"),
            Map.entry(Main.class, "io.liteobs.cli"),
            Map.entry(LiteObsAutoConfiguration.class, "io.liteobs.spring"));

    @Test
    void everyPublishedJar_namesItsModuleTitleAndVersion() throws IOException, URISyntaxException {
        String version = System.getProperty("liteobs.version");
        assertNotNull(version, "the build passes its version as liteobs.version");
        for (Map.Entry<Class<?>, String> module : MODULES.entrySet()) {
            Path jar = Path.of(module.getKey().getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(jar.toString().endsWith(".jar"), module.getKey() + " is read from a jar, not " + jar);
            try (JarFile file = new JarFile(jar.toFile())) {
                Attributes manifest = file.getManifest().getMainAttributes();
                assertEquals(version, manifest.getValue("Implementation-Version"), jar.toString());
                assertFalse(manifest.getValue("Implementation-Title").isBlank(), jar.toString());
                assertEquals(module.getValue(), manifest.getValue("Automatic-Module-Name"), jar.toString());
            }
        }
    }

    @Test
    void aServiceCanAskCoreForItsVersion() {
        assertEquals(System.getProperty("liteobs.version"), LiteObs.class.getPackage().getImplementationVersion());
    }
}
