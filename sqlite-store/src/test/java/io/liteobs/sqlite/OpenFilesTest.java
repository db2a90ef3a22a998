package io.liteobs.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second store over a file that a store of this process has open is told of, once per store it opens; closing
 * stores forgets them. slf4j-simple writes to whatever {@code System.err} is at the time.
 */
class OpenFilesTest {

    @TempDir
    Path dir;

    @Test
    void secondStoreOverOneFile_isWarnedOf_namingTheFileAndTheFix() {
        Path file = dir.resolve("obs.db");
        try (SqliteStore first = SqliteStore.open(file)) {
            List<String> warnings = warningsDuring(() -> SqliteStore.open(file).close());

            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains(first.file().toString()), warnings.get(0));
            assertTrue(warnings.get(0).contains("open one SqliteStore per file"), warnings.get(0));
            assertEquals(1, OpenFiles.stores(first.file()), "the closed second store is forgotten");
        }
        assertEquals(0, OpenFiles.stores(file.toAbsolutePath()));
    }

    @Test
    void oneStoreAtATime_isNeverWarnedOf() {
        Path file = dir.resolve("obs.db");
        List<String> warnings = warningsDuring(() -> {
            SqliteStore.open(file).close();
            SqliteStore.open(file).close();
            SqliteStore.open(dir.resolve("other.db")).close();
        });

        assertEquals(List.of(), warnings);
    }

    private static List<String> warningsDuring(Runnable action) {
        return CapturedStderr.linesDuring(action).stream()
                .filter(line -> line.contains("WARN") && line.contains(OpenFiles.class.getName())).toList();
    }
}
