package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.Await;
import io.liteobs.BusinessEvent;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.RecorderStats;
import io.liteobs.StoreStatus;
import io.liteobs.WriterOptions;
import io.liteobs.spi.StoreException;
import io.liteobs.sqlite.SqliteStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that is not a database, or a damaged one: never overwritten, refused (at open, or at the first write that
 * meets the damage) with a message naming the file and what to do, and the application keeps running: no thread or
 * file is left behind by a refused open, and recording into a store that found its file damaged never throws.
 */
class CorruptFileTest {

    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private static Set<String> liteObsThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("liteobs-")).collect(Collectors.toSet());
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** A store with some of everything, closed. */
    private Path database(String name) {
        Path file = dir.resolve(name);
        try (LiteObs obs = LiteObs.builder(SqliteStore.builder(file).diskReserve(0).build()).build()) {
            for (int i = 0; i < 2_000; i++) {
                obs.audit().logAsync(AuditEntry.builder("c", "op").userId("u" + i).build());
                obs.events().record(BusinessEvent.builder("t", "s").build());
            }
            assertTrue(obs.flush(Duration.ofSeconds(10)));
        }
        return file;
    }

    private static void overwrite(Path file, long offset, byte[] bytes) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(bytes);
        }
    }

    private void assertRefusedUntouched(Path file, String problem) throws Exception {
        byte[] before = Files.readAllBytes(file);
        List<Path> filesBefore = files();
        Set<String> threadsBefore = liteObsThreads();

        StoreException refused = assertThrows(StoreException.class, () -> SqliteStore.open(file));

        System.out.println(refused.getMessage());
        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind());
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains(problem), refused.getMessage());
        assertTrue(refused.getMessage().contains("LiteObs did not modify it"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the file is never overwritten");
        assertEquals(filesBefore, files(), "nothing is created beside it");
        assertEquals(threadsBefore, liteObsThreads(), "no thread is left running");
        // the application goes on: another file opens and records as usual
        try (LiteObs other = LiteObs.builder(SqliteStore.open(dir.resolve("other-" + System.nanoTime() + ".db")))
                .build()) {
            assertEquals(LogResult.COMMITTED, other.audit().log(AuditEntry.builder("c", "still-running").build()));
        }
    }

    @Test
    void fileThatIsNotADatabase_isRefusedUntouched() throws Exception {
        Path file = dir.resolve("notes.db");
        byte[] random = new byte[3 * PAGE];
        new Random(42).nextBytes(random);
        Files.write(file, random);
        assertRefusedUntouched(file, "is not a SQLite database");
    }

    @Test
    void damagedSchemaPage_isRefusedUntouched() throws Exception {
        Path file = database("damaged-schema.db");
        byte[] garbage = new byte[PAGE - 100];
        new Random(7).nextBytes(garbage);
        overwrite(file, 100, garbage);
        assertRefusedUntouched(file, "LiteObs");
    }

    @Test
    void truncatedFile_isRefusedAtOpenOrAtTheFirstWrite_andLeftUntouched() throws Exception {
        Path file = database("truncated.db");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 3);
        }
        byte[] before = Files.readAllBytes(file);
        String reason;
        try (LiteObs obs = LiteObs.builder(SqliteStore.builder(file).diskReserve(0).build())
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(5))).build()) {
            // the schema pages survived: the damage shows at the first write that reaches a missing page
            for (int i = 0; i < 100; i++) {
                obs.audit().logAsync(AuditEntry.builder("c", "into-damage").userId("u" + i).build());
            }
            Await.until("the damage is found", Duration.ofSeconds(10), obs::degraded);
            reason = obs.storeStatus().reason();
        } catch (StoreException refused) {
            assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind(), refused.getMessage());
            reason = refused.getMessage();
        }
        System.out.println(reason);
        assertTrue(reason.contains(file.toString()) && reason.contains("damaged"), reason);
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void damagedDataPages_areFoundAtTheFirstWrite_theStoreStopsWriting_andRecordingGoesOn() throws Exception {
        Path file = database("damaged-data.db");
        List<String> rootPages = Db.column(file, "SELECT rootpage FROM sqlite_schema WHERE tbl_name = 'audit_log'");
        for (String page : rootPages) {
            byte[] garbage = new byte[PAGE];
            new Random(Long.parseLong(page)).nextBytes(garbage);
            overwrite(file, (Long.parseLong(page) - 1) * PAGE, garbage);
        }
        byte[] before = Files.readAllBytes(file);

        try (LiteObs obs = LiteObs.builder(SqliteStore.builder(file).diskReserve(0).build())
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(5))).build()) {
            for (int i = 0; i < 1_000; i++) {
                obs.audit().logAsync(AuditEntry.builder("c", "into-damage").userId("u" + i).build());
                obs.metrics().record("still.recording", i);
            }
            Await.until("the damage is found", Duration.ofSeconds(10), obs::degraded);
            assertTrue(obs.flush(Duration.ofSeconds(10)), "entries are settled, not stuck");
            StoreStatus status = obs.storeStatus();
            System.out.println(status);
            assertEquals(StoreStatus.State.DEGRADED, status.state());
            assertTrue(status.reason().contains(file.toString()) && status.reason().contains("is damaged")
                    && status.reason().contains("SQLITE_CORRUPT"), status.reason());
            for (int i = 0; i < 1_000; i++) {
                obs.audit().logAsync(AuditEntry.builder("c", "after").build());
            }
            assertTrue(obs.flush(Duration.ofSeconds(10)));
            RecorderStats audit = obs.audit().stats();
            assertTrue(audit.balanced(), audit.toString());
            assertEquals(2_000, audit.failed(), "what cannot be stored is counted as failed: " + audit);
        }
        assertArrayEquals(before, Files.readAllBytes(file), "the damaged file is never written");
    }
}
