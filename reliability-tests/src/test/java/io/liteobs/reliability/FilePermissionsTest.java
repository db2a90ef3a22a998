package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liteobs.AuditEntry;
import io.liteobs.LiteObs;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file LiteObs makes beside the database (the database, its WAL, its shared memory, the disk reserve) is
 * readable and writable by its owner only, whatever the process's umask; including the WAL and shared-memory files
 * that a process makes again after another one was killed.
 */
class FilePermissionsTest {

    @TempDir
    Path dir;

    private Map<String, String> modes() throws Exception {
        Map<String, String> modes = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("obs.db")).toList()) {
                modes.put(file.getFileName().toString(),
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        }
        return modes;
    }

    @Test
    void theDatabaseItsWalShmAndReserve_areOwnerOnly_alsoAfterACrashAndReopen() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class));
        Path file = dir.resolve("obs.db");
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build()) {
            obs.audit().log(AuditEntry.builder("c", "op").build());
            Map<String, String> modes = modes();
            assertEquals(List.of("obs.db", "obs.db-reserve", "obs.db-shm", "obs.db-wal"), List.copyOf(modes.keySet()));
            modes.forEach((name, mode) -> assertEquals("rw-------", mode, name));
        }

        // a child JVM recording into the file is killed; the next process makes the WAL and shm again
        try (ChildJvm child = ChildJvm.start(CrashChild.class, dir, List.of("-Xmx256m"), file.toString(), "p")) {
            child.awaitLine(line -> line.startsWith("A "), Duration.ofSeconds(60));
            child.kill();
        }
        Files.deleteIfExists(dir.resolve("obs.db-shm"));
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build()) {
            obs.audit().log(AuditEntry.builder("c", "after-crash").build());
            Map<String, String> modes = modes();
            assertTrue(modes.containsKey("obs.db-shm") && modes.containsKey("obs.db-wal"), modes.toString());
            modes.forEach((name, mode) -> assertEquals("rw-------", mode, name));
        }
    }
}
