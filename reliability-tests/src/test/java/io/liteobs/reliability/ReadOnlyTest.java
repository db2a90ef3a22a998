package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liteobs.AuditEntry;
import io.liteobs.Await;
import io.liteobs.AuditQuery;
import io.liteobs.LiteObs;
import io.liteobs.RecorderStats;
import io.liteobs.StoreStatus;
import io.liteobs.TestEnvironment;
import io.liteobs.WriterOptions;
import io.liteobs.spi.StoreException;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only file or folder. Root ignores permission bits, so as root the path is bind-mounted read-only on itself
 * (a real EROFS, as on a read-only volume); as another user its permission bits are cleared. Either way SQLite sees
 * what it would see in production.
 */
class ReadOnlyTest {

    /** An ordinary user and group: {@code nobody} and {@code nogroup} on Debian and most Linux systems. */
    private static final int ORDINARY_USER = 65534;

    @TempDir
    Path dir;

    private final List<Runnable> restore = new ArrayList<>();

    /** Makes the path read-only for this process until {@link #writable} or the end of the test. */
    private void readOnly(Path path) throws Exception {
        if (Mounts.isRoot()) {
            assumeTrue(Mounts.bindReadOnly(path), "as root, a read-only bind mount is needed and was refused");
            restore.add(() -> Mounts.unmount(path));
        } else {
            Set<PosixFilePermission> before = Files.getPosixFilePermissions(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "r-x------" : "r--------"));
            restore.add(() -> {
                try {
                    Files.setPosixFilePermissions(path, before);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    /** Makes everything made read-only writable again, as an operator fixing the permissions would. */
    @AfterEach
    void writable() {
        for (int i = restore.size() - 1; i >= 0; i--) {
            restore.get(i).run();
        }
        restore.clear();
    }

    @Test
    void readOnlyFolder_aNewFileCannotBeOpened_andTheErrorNamesTheFileAndWhatToDo() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        readOnly(folder);
        Path file = folder.resolve("obs.db");

        StoreException refused = assertThrows(StoreException.class, () -> SqliteStore.open(file));

        System.out.println(refused.getMessage());
        assertEquals(StoreException.Kind.UNAVAILABLE, refused.kind());
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("writable"), refused.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void readOnlyFolder_anExistingFileWithoutItsWalCannotBeOpened_andTheErrorSaysWhy() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path file = folder.resolve("obs.db");
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build()) {
            obs.audit().log(AuditEntry.builder("c", "before").build());
        }
        byte[] before = Files.readAllBytes(file);
        readOnly(folder);

        StoreException refused = assertThrows(StoreException.class, () -> SqliteStore.open(file));

        System.out.println(refused.getMessage());
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("folder " + folder), refused.getMessage());
        assertTrue(refused.getMessage().contains("writable"), refused.getMessage());
        writable();
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the file is left as it was");
    }

    /**
     * A service running as an ordinary user opens its store while the file is read-only (0444), then its owner makes
     * it writable again: unlike root, an ordinary user meets the permission bits themselves, and SQLite opens the
     * {@code -shm} index read-only for every connection of the process. As root the service is a child JVM run as
     * the user 65534 ({@code nobody}) through {@code setpriv}; otherwise it runs as the user running the tests.
     */
    @Test
    void readOnlyFileForAnOrdinaryUser_whileRecording_degraded_andWritesResumeOnceWritable() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("service"));
        Path data = Files.createDirectory(folder.resolve("data"));
        Path file = data.resolve("obs.db");
        List<String> jvm = List.of("-Xmx128m", "-XX:-UsePerfData");
        ChildJvm child;
        if (Mounts.isRoot()) {
            TestEnvironment.requireOrSkip(Mounts.tryRun("setpriv", "--version"),
                    "as root, the service runs as an ordinary user through setpriv (util-linux), which is missing");
            // the user must get through the test's folders to its own
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            Mounts.run("chown", ORDINARY_USER + ":" + ORDINARY_USER, data.toString());
            child = ChildJvm.startAs(ORDINARY_USER, ReadOnlyRecoveryChild.class, folder, jvm, file.toString());
        } else {
            child = ChildJvm.start(ReadOnlyRecoveryChild.class, folder, jvm, file.toString());
        }
        try (child) {
            int exit = child.awaitExit(Duration.ofSeconds(120));
            List<String> lines = child.lines();
            System.out.println(String.join("\n", lines));
            assertEquals(0, exit, lines + "\n" + child.stderr());
            String degraded = lines.stream().filter(line -> line.startsWith("DEGRADED")).findFirst().orElseThrow();
            assertTrue(degraded.contains("SQLITE_READONLY"), degraded);
            assertTrue(lines.contains("RECOVERED"), lines.toString());
            long accepted = Long.parseLong(lines.get(lines.size() - 1).substring("DONE ".length()));
            assertEquals(accepted, Db.count(file, "SELECT count(*) FROM audit_log WHERE operation = 'async'"));
        }
        assertEquals(List.of("ok"), Db.integrityCheck(file));
    }

    @Test
    void readOnlyFile_opens_recordingNeverThrows_degraded_andWritesResumeOnceWritable() throws Exception {
        Path file = dir.resolve("obs.db");
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build()) {
            obs.audit().log(AuditEntry.builder("c", "before").build());
        }
        readOnly(file);

        Set<String> accepted = new HashSet<>();
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10))).build()) {
            for (int i = 0; i < 1_000; i++) {
                if (obs.audit().logAsync(AuditEntry.builder("c", "while-read-only").id("ro-" + i).build())) {
                    accepted.add("ro-" + i);
                }
                obs.metrics().record("read.only", i);
            }
            Await.until("degraded", Duration.ofSeconds(30), obs::degraded);
            StoreStatus status = obs.storeStatus();
            System.out.println(status);
            assertEquals(StoreStatus.State.DEGRADED, status.state());
            assertTrue(status.reason().contains("SQLITE_READONLY"), status.reason());
            assertTrue(status.reason().contains(file.toString()), status.reason());
            assertEquals(1, obs.audit().query(AuditQuery.builder().build()).size(), "reads still work");

            writable();
            Await.until("writes resume on their own", Duration.ofSeconds(30), () -> obs.storeStatus().isOk());
            assertTrue(obs.flush(Duration.ofSeconds(30)));
            for (RecorderStats stats : obs.stats()) {
                assertTrue(stats.balanced(), stats.toString());
                assertEquals(0, stats.failed() + stats.dropped(), stats.toString());
            }
        }
        Set<String> stored = Db.columnSet(file, "SELECT entry_id FROM audit_log WHERE operation = 'while-read-only'");
        assertEquals(accepted, stored);
        assertEquals(List.of("ok"), Db.integrityCheck(file));
    }
}
