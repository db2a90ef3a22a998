package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four JVMs record into one file at once: every entry lands exactly once and no lock error reaches a caller. A long
 * read transaction held by another connection (an operator's query) makes the WAL grow, since it cannot be
 * checkpointed past the reader; once the reader is gone the WAL comes back to the store's limit, and with readers
 * coming and going it stays bounded.
 */
class MultiProcessTest {

    private static final int PROCESSES = 4;
    private static final long WAL_LIMIT = 2L << 20;

    @TempDir
    Path dir;

    private final List<ChildJvm> children = new ArrayList<>();

    private void startWriters(Path file, long rounds) throws Exception {
        for (int p = 0; p < PROCESSES; p++) {
            children.add(ChildJvm.start(WriterChild.class, dir, List.of("-Xmx256m"), file.toString(), "w" + p,
                    Long.toString(rounds), dir.resolve("go").toString(), dir.resolve("stop").toString(),
                    Long.toString(WAL_LIMIT)));
        }
        for (ChildJvm child : children) {
            child.awaitLine("READY"::equals, Duration.ofSeconds(60));
        }
        Files.createFile(dir.resolve("go"));
    }

    /** Waits for every writer to exit and checks that each one saw nothing go wrong; returns the rounds of each. */
    private List<Long> awaitWriters() throws Exception {
        List<Long> rounds = new ArrayList<>();
        for (ChildJvm child : children) {
            int exit = child.awaitExit(Duration.ofMinutes(5));
            assertEquals(0, exit, "writer " + child.pid() + " reported a problem:\n"
                    + String.join("\n", child.lines()) + "\n" + child.stderr());
            String done = child.lines().stream().filter(line -> line.startsWith("DONE ")).findFirst().orElseThrow();
            rounds.add(Long.parseLong(done.substring(5)));
        }
        children.clear();
        return rounds;
    }

    @org.junit.jupiter.api.AfterEach
    void killLeftovers() {
        children.forEach(ChildJvm::close);
    }

    @Test
    void fourProcessesOnOneFile_storeEveryEntryExactlyOnce_andNoLockErrorReachesACaller() throws Exception {
        Path file = dir.resolve("shared.db");
        long rounds = Suite.rounds(1_500, 20_000);
        startWriters(file, rounds);
        awaitWriters();

        assertEquals(List.of("ok"), Db.integrityCheck(file));
        assertEquals(PROCESSES * rounds, Db.count(file, "SELECT count(*) FROM audit_log WHERE operation = 'sync'"));
        assertEquals(PROCESSES * rounds, Db.count(file, "SELECT count(*) FROM audit_log WHERE operation = 'async'"));
        assertEquals(PROCESSES * rounds, Db.count(file, "SELECT count(*) FROM business_event_logs"));
        assertEquals(PROCESSES * rounds * 10, Db.count(file, "SELECT count(*) FROM metrics_timeseries"));
        assertEquals(PROCESSES * rounds * 10, Db.count(file,
                "SELECT count(*) FROM (SELECT DISTINCT series_id, value FROM metrics_timeseries)"));
        assertEquals(PROCESSES, Db.count(file, "SELECT count(*) FROM metrics_metadata"));
        CrashTest.assertNothingStoredTwice(file);
    }

    @Test
    void longReadTransaction_growsTheWal_whichComesBackToTheLimitOnceTheReaderIsGone() throws Exception {
        Path file = dir.resolve("shared.db");
        Path wal = dir.resolve("shared.db-wal");
        SqliteStore.builder(file).walSizeLimit(WAL_LIMIT).build().close();
        try (Connection reader = Db.connect(file); Statement statement = reader.createStatement()) {
            statement.execute("BEGIN");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM audit_log")) {
                rows.next();
            }
            startWriters(file, 0);
            long pinned = awaitWal(wal, size -> size > 4 * WAL_LIMIT, Duration.ofSeconds(120));
            statement.execute("COMMIT");
            System.out.printf("WAL grew to %,d bytes behind the reader%n", pinned);
        }

        long afterReader = awaitWal(wal, size -> size <= WAL_LIMIT, Duration.ofSeconds(60));
        System.out.printf("WAL back to %,d bytes once the reader was gone%n", afterReader);

        // readers that come and go, each holding a snapshot for 50 ms: the WAL stays bounded
        long largest = 0;
        long end = System.nanoTime() + Duration.ofSeconds(Suite.rounds(4, 60)).toNanos();
        try (Connection reader = Db.connect(file); Statement statement = reader.createStatement()) {
            while (System.nanoTime() - end < 0) {
                statement.execute("BEGIN");
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM business_event_logs")) {
                    rows.next();
                }
                Thread.sleep(50);
                statement.execute("COMMIT");
                Thread.sleep(20);
                largest = Math.max(largest, Files.size(wal));
            }
        }
        Files.createFile(dir.resolve("stop"));
        List<Long> rounds = awaitWriters();
        System.out.printf("WAL at most %,d bytes with readers coming and going; rounds %s%n", largest, rounds);
        // Without the store's checkpoints this pattern grew the WAL to 350 MB in four seconds, and on without end;
        // with them it stays within a few MiB to 25 MiB over a minute (what is written between two checkpoints).
        assertTrue(largest <= 32 * WAL_LIMIT, "the WAL grew to " + largest + " bytes with readers coming and going");

        long total = rounds.stream().mapToLong(Long::longValue).sum();
        assertEquals(total, Db.count(file, "SELECT count(*) FROM audit_log WHERE operation = 'sync'"));
        assertEquals(total * 10, Db.count(file, "SELECT count(*) FROM metrics_timeseries"));
        assertEquals(List.of("ok"), Db.integrityCheck(file));
    }

    /** Polls the WAL's size until it satisfies the condition; returns that size. */
    private static long awaitWal(Path wal, java.util.function.LongPredicate condition, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long size = 0;
        while (System.nanoTime() - deadline < 0) {
            size = Files.exists(wal) ? Files.size(wal) : 0;
            if (condition.test(size)) {
                return size;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the WAL never reached the expected size; it is " + size + " bytes");
    }
}
