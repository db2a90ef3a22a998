package io.liteobs.sqlite;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.batchOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.DataKind;
import io.liteobs.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadOnlyFileTest {

    @TempDir
    Path dir;

    @Test
    void writerOpeningTheFileDuringARead_makesTheReadRepeatOnTheWritersLog() throws Exception {
        Path file = closedStoreWithOneEntry();
        ReadOnlyFile connections = ReadOnlyFile.of(file, SqliteStore.DEFAULT_BUSY_TIMEOUT_MILLIS);
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<SqliteStore> writer = new AtomicReference<>();
        try {
            long count = connections.withConnection(connection -> {
                long seen = auditCount(connection);
                if (attempts.incrementAndGet() == 1) {
                    writer.set(SqliteStore.open(file));
                    writer.get().write(batch(audit("a-2", T0 + 1).build()));
                }
                return seen;
            });

            assertEquals(2, attempts.get());
            assertEquals(2, count, "the second read shares the writer's log and sees its commit");
        } finally {
            if (writer.get() != null) {
                writer.get().close();
            }
        }
    }

    @Test
    void writersChangingTheFileDuringEveryRead_failItAsUnavailable() throws Exception {
        Path file = closedStoreWithOneEntry();
        ReadOnlyFile connections = ReadOnlyFile.of(file, SqliteStore.DEFAULT_BUSY_TIMEOUT_MILLIS);
        AtomicInteger attempts = new AtomicInteger();

        StoreException failed = assertThrows(StoreException.class, () -> connections.withConnection(connection -> {
            int attempt = attempts.incrementAndGet();
            try (SqliteStore store = SqliteStore.open(file)) {
                store.write(batchOf(IntStream.range(0, 200)
                        .mapToObj(i -> audit("a-" + attempt + "-" + i, T0 + i).build()).toList()));
            }
            return auditCount(connection);
        }));

        assertEquals(ReadOnlyFile.MAX_ATTEMPTS, attempts.get());
        assertEquals(StoreException.Kind.UNAVAILABLE, failed.kind());
        assertTrue(failed.getMessage().contains(file.toString()), failed.getMessage());
        assertTrue(failed.getMessage().contains("try again"), failed.getMessage());
    }

    private Path closedStoreWithOneEntry() {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(audit("a-1", T0).build()));
            assertEquals(1, store.rowCounts().get(DataKind.AUDIT));
        }
        assertFalse(Files.exists(dir.resolve("obs.db-wal")), "reads start on a file nobody has open");
        return file;
    }

    private static long auditCount(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM audit_log")) {
            row.next();
            return row.getLong(1);
        }
    }
}
