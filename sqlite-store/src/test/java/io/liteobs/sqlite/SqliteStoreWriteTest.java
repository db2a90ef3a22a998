package io.liteobs.sqlite;

import io.liteobs.DataKind;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.event;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

class SqliteStoreWriteTest {

    @TempDir
    Path dir;
    private Path file;
    private SqliteStore store;

    @BeforeEach
    void open() {
        file = dir.resolve("obs.db");
        store = SqliteStore.open(file);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** The kit proves the batch is refused whole; the message is SQLite's own. */
    @Test
    void rejectedData_namesTheFileAndTheConstraintBroken() {
        AuditEntry withoutComponent = new AuditEntry("a-2", T0, null, "cancel", "success", null, null, null, null,
                null, null, null, null, null);

        StoreException rejected = assertThrows(StoreException.class, () -> store.write(batch(
                audit("a-1", T0).build(), withoutComponent)));

        assertEquals(StoreException.Kind.REJECTED_DATA, rejected.kind());
        assertTrue(rejected.getMessage().contains(file.toString()), rejected.getMessage());
        assertTrue(rejected.getMessage().contains("SQLITE_CONSTRAINT_NOTNULL"), rejected.getMessage());
    }

    @Test
    void tableDroppedUnderTheStore_isIncompatible_notRetriedForEver_andOtherWritesGoOn() throws Exception {
        store.write(batch(event("e-1", T0).build()));
        TestData.execute(file, "DROP TABLE business_event_logs");

        StoreException refused = assertThrows(StoreException.class,
                () -> store.write(batch(event("e-2", T0).build())));

        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind(), refused.getMessage());
        assertTrue(refused.getMessage().contains("no such table"), refused.getMessage());
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        store.write(batch(audit("a-1", T0).build()));
        assertEquals(List.of("1"), TestData.column(file, "SELECT count(*) FROM audit_log"),
                "the file is not taken for damaged");
    }

    @Test
    void malformedStoredDescription_isIncompatible_notRetriedForEver() throws Exception {
        TestData.execute(file, "INSERT INTO _observability_metadata (key, value)"
                + " VALUES ('metric_description:latency', '{\"type\": ')");

        StoreException refused = assertThrows(StoreException.class,
                () -> store.write(batch(point("latency", 1, T0))));

        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind(), refused.getMessage());
        assertTrue(refused.getMessage().contains("malformed JSON"), refused.getMessage());
        store.write(batch(point("other", 1, T0)));
    }

    @Test
    void fileLockedByAnotherConnection_isUnavailable_andTheSameBatchSucceedsAfterRelease() throws Exception {
        WriteBatch batch = batch(audit("a-1", T0).build(), point("latency", 1, T0));
        try (SqliteStore impatient = SqliteStore.builder(file).busyTimeout(Duration.ofMillis(50)).build();
             Connection other = TestData.connect(file); Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");

            StoreException busy = assertThrows(StoreException.class, () -> impatient.write(batch));
            assertEquals(StoreException.Kind.UNAVAILABLE, busy.kind());
            assertTrue(busy.getMessage().contains(file.toString()), busy.getMessage());
            assertTrue(busy.getMessage().contains("SQLITE_BUSY"), busy.getMessage());

            statement.execute("COMMIT");
            impatient.write(batch);
        }
        assertEquals(1, store.rowCounts().get(DataKind.AUDIT));
        assertEquals(1, store.rowCounts().get(DataKind.METRICS));
    }

    @Test
    void twoStoresOnOneFile_writingFromSeveralThreads_loseNothing() throws Exception {
        int threadsPerStore = 3;
        int batches = 40;
        int perBatch = 5;
        try (SqliteStore second = SqliteStore.open(file)) {
            List<SqliteStore> stores = List.of(store, second);
            ExecutorService threads = Executors.newFixedThreadPool(stores.size() * threadsPerStore);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int s = 0; s < stores.size(); s++) {
                    for (int t = 0; t < threadsPerStore; t++) {
                        SqliteStore target = stores.get(s);
                        String writer = s + "-" + t;
                        writers.add(threads.submit(() -> {
                            start.await();
                            for (int b = 0; b < batches; b++) {
                                target.write(batchOf(entries(writer, b, perBatch)));
                            }
                            return null;
                        }));
                    }
                }
                start.countDown();
                for (Future<?> writer : writers) {
                    writer.get();
                }
            } finally {
                threads.shutdownNow();
            }
        }
        long expected = 2L * threadsPerStore * batches * perBatch;
        Map<DataKind, Long> counts = store.rowCounts();
        assertEquals(expected, counts.get(DataKind.AUDIT));
        assertEquals(expected, counts.get(DataKind.EVENTS));
        assertEquals(expected, counts.get(DataKind.METRICS));
        assertEquals(2L * threadsPerStore * batches, counts.get(DataKind.HEARTBEATS));
        assertEquals(perBatch, store.seriesCount(), "series shared by every writer are stored once");
    }

    @Test
    void oneStore_writtenFromSeveralThreads_whileCompacting_losesNothing_andKeepsItsReserveWhole() throws Exception {
        int writers = 4;
        int batches = 60;
        int perBatch = 5;
        long reserveBytes = 256 * 1024;
        Path reserve = dir.resolve("shared.db-reserve");
        try (SqliteStore shared = SqliteStore.builder(dir.resolve("shared.db")).walSizeLimit(0)
                .diskReserve(reserveBytes).build()) {
            ExecutorService threads = Executors.newFixedThreadPool(writers + 1);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < writers; t++) {
                    String writer = "w" + t;
                    work.add(threads.submit(() -> {
                        start.await();
                        for (int b = 0; b < batches; b++) {
                            shared.write(batchOf(entries(writer, b, perBatch)));
                        }
                        return null;
                    }));
                }
                work.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        // the reserve goes missing; compaction and the writers' upkeep make it again
                        Files.deleteIfExists(reserve);
                        shared.compact();
                    }
                    return null;
                }));
                start.countDown();
                for (Future<?> done : work) {
                    done.get();
                }
            } finally {
                threads.shutdownNow();
            }
            shared.compact();
            assertEquals(reserveBytes, Files.size(reserve));
            long expected = (long) writers * batches * perBatch;
            Map<DataKind, Long> counts = shared.rowCounts();
            assertEquals(expected, counts.get(DataKind.AUDIT));
            assertEquals(expected, counts.get(DataKind.METRICS));
        }
    }

    private static List<Object> entries(String writer, int batch, int count) {
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = writer + "-" + batch + "-" + i;
            entries.add(audit("a-" + id, T0 + batch).build());
            entries.add(event("e-" + id, T0 + batch).build());
            entries.add(point("requests", i, T0 + batch, "shard", Integer.toString(i)));
        }
        entries.add(heartbeat("worker-" + writer, T0 + batch));
        return entries;
    }

    @Test
    void transactionSqliteRolledBackItself_keepsTheWritingConnection() throws Exception {
        Path other = dir.resolve("writer.db");
        try (WriteConnection writer = WriteConnection.open(other, new SQLiteConfig(), Duration.ofSeconds(1))) {
            Connection first = writer.inTransaction("create", session -> {
                session.execute("CREATE TABLE t (x INTEGER)");
                return session.connection();
            });
            // Ends the transaction behind the writer's back, as SQLite does itself after SQLITE_FULL: the writer's
            // own ROLLBACK finds no transaction, and the connection is clean.
            StoreException failed = assertThrows(StoreException.class, () -> writer.inTransaction("fail", session -> {
                session.execute("INSERT INTO t VALUES (1)");
                session.execute("ROLLBACK");
                throw new SQLException("injected failure");
            }));
            assertTrue(failed.getMessage().contains("injected failure"), failed.getMessage());

            Connection second = writer.inTransaction("insert", session -> {
                session.execute("INSERT INTO t VALUES (2)");
                return session.connection();
            });

            assertSame(first, second);
            assertEquals(List.of("2"), TestData.column(other, "SELECT x FROM t"));
        }
    }

    @Test
    void failedRollback_reopensTheWritingConnection() throws Exception {
        Path other = dir.resolve("writer.db");
        try (WriteConnection writer = WriteConnection.open(other, new SQLiteConfig(), Duration.ofSeconds(1))) {
            Connection first = writer.inTransaction("create", session -> {
                session.execute("CREATE TABLE t (x INTEGER)");
                return session.connection();
            });
            // A connection broken mid-transaction: the writer's ROLLBACK fails, and only a new connection is clean.
            assertThrows(StoreException.class, () -> writer.inTransaction("fail", session -> {
                session.execute("INSERT INTO t VALUES (1)");
                session.connection().close();
                throw new SQLException("injected failure");
            }));

            Connection second = writer.inTransaction("insert", session -> {
                session.execute("INSERT INTO t VALUES (2)");
                return session.connection();
            });

            assertNotSame(first, second);
            assertEquals(List.of("2"), TestData.column(other, "SELECT x FROM t"));
        }
    }
}
