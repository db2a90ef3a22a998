package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL against its {@code walSizeLimit} while another connection holds a read transaction open, in one process
 * and by sizes alone: every commit is one {@code write}, and the WAL's size is read after each.
 */
class WalLimitTest {

    private static final long LIMIT = 2 << 20;
    private static final String DETAILS = "x".repeat(1_000);

    @TempDir
    Path dir;

    private int written;

    /** One commit of 50 audit entries of about a kilobyte each; returns the WAL's size after it. */
    private long writeBatch(SqliteStore store, Path wal) throws Exception {
        WriteBatch.Buffer buffer = WriteBatch.buffer();
        for (int i = 0; i < 50; i++) {
            buffer.audit().add(AuditEntry.builder("wal", "op").id("a-" + written++).result(DETAILS).build());
        }
        store.write(buffer.batch());
        return Files.size(wal);
    }

    @Test
    void longReaderLeaving_theWalIsBackAtItsLimitWithinTwoCommits_andStaysNearIt_andTheWarningNamesTheReader()
            throws Exception {
        Path file = dir.resolve("obs.db");
        Path wal = dir.resolve("obs.db-wal");
        LogFile log = LogFile.mark();
        try (SqliteStore store = SqliteStore.builder(file).walSizeLimit(LIMIT).build()) {
            writeBatch(store, wal);
            long behindTheReader;
            try (Connection reader = Db.connect(file); Statement statement = reader.createStatement()) {
                statement.execute("BEGIN");
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM audit_log")) {
                    rows.next();
                }
                do {
                    behindTheReader = writeBatch(store, wal);
                } while (behindTheReader <= 4 * LIMIT);
                statement.execute("COMMIT");
            }

            writeBatch(store, wal);
            long secondCommit = writeBatch(store, wal);
            assertTrue(secondCommit <= LIMIT, "two commits after the reader left the WAL is " + secondCommit
                    + " bytes, its limit " + LIMIT + "; it had grown to " + behindTheReader);

            // steady writing on: the WAL restarts each time it passes the limit, so it passes it by a commit at most
            long largest = 0;
            while (written < 20_000) {
                largest = Math.max(largest, writeBatch(store, wal));
            }
            assertTrue(largest <= LIMIT + (LIMIT / 2), "the WAL grew to " + largest + " bytes, limit " + LIMIT);
        }
        List<String> warnings = log.linesContaining("the write-ahead log has grown to");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("still reads an older snapshot"), warnings.get(0));
        assertTrue(warnings.get(0).contains(file + "-wal"), warnings.get(0));
    }
}
