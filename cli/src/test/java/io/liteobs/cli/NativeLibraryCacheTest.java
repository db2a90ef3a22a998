package io.liteobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {

    @TempDir
    Path dir;

    @Test
    void theLibraryIsCopiedOnce_andSqliteIsPointedAtIt() throws Exception {
        Path folder = dir.resolve("native-1");
        String pathBefore = System.getProperty("org.sqlite.lib.path");
        String nameBefore = System.getProperty("org.sqlite.lib.name");
        try {
            NativeLibraryCache.use(folder);
            Path library = folder.resolve(System.mapLibraryName("sqlitejdbc"));
            assertTrue(Files.size(library) > 100_000, "the platform's library, copied from the jar");
            assertEquals(folder.toString(), System.getProperty("org.sqlite.lib.path"));
            assertEquals(library.getFileName().toString(), System.getProperty("org.sqlite.lib.name"));
            long copied = Files.getLastModifiedTime(library).toMillis();

            NativeLibraryCache.use(folder);

            assertEquals(copied, Files.getLastModifiedTime(library).toMillis(), "a second start copies nothing");
            try (Stream<Path> files = Files.list(folder)) {
                assertEquals(List.of(library), files.toList(), "no partial copy left behind");
            }
        } finally {
            restore("org.sqlite.lib.path", pathBefore);
            restore("org.sqlite.lib.name", nameBefore);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
