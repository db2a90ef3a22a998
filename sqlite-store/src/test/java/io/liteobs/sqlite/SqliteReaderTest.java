package io.liteobs.sqlite;

import static io.liteobs.sqlite.TestData.execute;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.event;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.MetricQuery;
import io.liteobs.TimeRange;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.StoreReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteReaderTest {

    private static final TimeRange HOUR = TimeRange.between(Instant.ofEpochMilli(T0),
            Instant.ofEpochMilli(T0 + 3_600_000));

    @TempDir
    Path dir;

    @Test
    void fileWithoutWalOrShm_answersLikeTheStore_andStaysByteForByteAsItWas() throws Exception {
        Path file = dir.resolve("obs.db");
        List<Object> storeAnswers;
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(audit("a-1", T0).build(), audit("a-2", T0 + 10).status("error").build(),
                    event("e-1", T0 + 5).build(), heartbeat("worker-1", T0 + 7),
                    point("latency", 12.5, T0 + 1, "route", "/orders"), point("latency", 7.5, T0 + 2)));
            storeAnswers = everyAnswer(store);
        }
        assertEquals(List.of("obs.db", "obs.db-reserve"), List.copyOf(folder().keySet()),
                "a store that closes removes its -wal and -shm");
        Map<String, String> before = folder();

        try (SqliteReader reader = SqliteReader.open(file)) {
            assertEquals(storeAnswers, everyAnswer(reader));
            assertEquals(before, folder(), "no -wal or -shm while open");
        }

        assertEquals(before, folder());
    }

    @Test
    void fileWhoseWriterIsAlive_seesEachNewCommit_andLeavesTheDatabaseAndItsLogAsTheyWere() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(audit("a-1", T0).build()));
            Map<String, String> before = folder();
            assertTrue(before.containsKey("obs.db-wal") && before.containsKey("obs.db-shm"), before.toString());

            try (SqliteReader reader = SqliteReader.open(file)) {
                assertEquals(1, reader.rowCounts().get(DataKind.AUDIT));
                Map<String, String> after = folder();
                assertEquals(before.keySet(), after.keySet());
                assertEquals(before.get("obs.db"), after.get("obs.db"));
                assertEquals(before.get("obs.db-wal"), after.get("obs.db-wal"));

                store.write(batch(audit("a-2", T0 + 1).build()));
                assertEquals(List.of("a-2", "a-1"), ids(reader.findAudit(AuditQuery.builder().build())),
                        "the commit the writer made after the reader opened");
            }
        }
    }

    @Test
    void readingWhileAStoreWrites_seesWholeBatchesInCommitOrder() throws Exception {
        int batches = 200;
        int batchSize = 10;
        Path file = dir.resolve("obs.db");
        ExecutorService writerThread = Executors.newSingleThreadExecutor();
        try (SqliteStore store = SqliteStore.open(file); SqliteReader reader = SqliteReader.open(file)) {
            Future<?> writes = writerThread.submit(() -> {
                for (int b = 0; b < batches; b++) {
                    int first = b * batchSize;
                    store.write(batchOf(IntStream.range(first, first + batchSize)
                            .mapToObj(i -> audit("a-" + i, T0 + i).build()).toList()));
                }
            });
            long seen = 0;
            int reads = 0;
            while (!writes.isDone()) {
                long count = reader.rowCounts().get(DataKind.AUDIT);
                assertEquals(0, count % batchSize, "a batch is seen whole or not at all: " + count);
                assertTrue(count >= seen, "commits are seen in order: " + count + " after " + seen);
                seen = count;
                reads++;
            }
            writes.get();
            assertEquals((long) batches * batchSize, reader.rowCounts().get(DataKind.AUDIT));
            assertTrue(reads > 0);
        } finally {
            writerThread.shutdownNow();
        }
    }

    @Test
    void missingFile_isRefusedNamingIt_andNothingIsCreated() throws Exception {
        Path file = dir.resolve("not-yet").resolve("obs.db");

        StoreException refused = assertThrows(StoreException.class, () -> SqliteReader.open(file));

        assertEquals(StoreException.Kind.UNAVAILABLE, refused.kind(), "the service may create it later");
        assertMessage(refused, file, "does not exist", "check the path");
        assertEquals(Map.of(), folder(), "no folder, no file");
    }

    @Test
    void nonDatabaseFile_isRefused_andLeftAsItWas() throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "These are my notes, not a database.\n".repeat(100));

        assertRefusedUntouched(file, "is not a SQLite database", "LiteObs store writes");
    }

    @Test
    void anotherApplicationsDatabase_isRefused_andLeftAsItWas() throws Exception {
        Path file = dir.resolve("app.db");
        execute(file, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
                "INSERT INTO customers (name) VALUES ('alice')");

        assertRefusedUntouched(file, "another application", "LiteObs store writes");
    }

    @Test
    void emptyFile_isRefused_andStaysEmpty() throws Exception {
        Path file = dir.resolve("obs.db");
        Files.createFile(file);

        assertRefusedUntouched(file, "empty", "LiteObs store writes");
        assertEquals(0, Files.size(file));
    }

    @Test
    void newerSchema_isRefused_andLeftAsItWas() throws Exception {
        Path file = dir.resolve("obs.db");
        SqliteStore.open(file).close();
        int newer = Migrations.LATEST_VERSION + 1;
        execute(file, "UPDATE _observability_metadata SET value = '" + newer + "' WHERE key = 'schema_version'");

        assertRefusedUntouched(file, "schema version " + newer + ", written by a newer LiteObs", "Upgrade LiteObs");
    }

    @Test
    void sqlThatWrites_failsOnEitherKindOfConnection_andChangesNothing() throws Exception {
        Path file = dir.resolve("obs.db");
        SqliteStore.open(file).close();
        Map<String, String> before = folder();
        try (SqliteReader reader = SqliteReader.open(file)) {
            assertThrows(StoreException.class, () -> reader.read("insert", this::insertAudit));
        }
        assertEquals(before, folder());

        try (SqliteStore store = SqliteStore.open(file); SqliteReader reader = SqliteReader.open(file)) {
            assertThrows(StoreException.class, () -> reader.read("insert", this::insertAudit));
            assertEquals(0, store.rowCounts().get(DataKind.AUDIT));
        }
    }

    private int insertAudit(java.sql.Connection connection) throws java.sql.SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("INSERT INTO audit_log (entry_id, timestamp, component, operation,"
                    + " status) VALUES ('x', 1, 'c', 'o', 's')");
        }
    }

    @Test
    void closedReader_throwsClosed_andClosesOnce() throws Exception {
        Path file = dir.resolve("obs.db");
        SqliteStore.open(file).close();
        SqliteReader reader = SqliteReader.open(file);
        reader.close();
        reader.close();

        StoreException closed = assertThrows(StoreException.class, reader::rowCounts);

        assertEquals(StoreException.Kind.CLOSED, closed.kind());
        assertTrue(closed.getMessage().contains(file.toString()), closed.getMessage());
    }

    /** Every query of the reader SPI, on data the tests above write. */
    private static List<Object> everyAnswer(StoreReader reader) {
        List<Object> answers = new ArrayList<>();
        answers.add(reader.findAudit(AuditQuery.builder().status("error").build()));
        answers.add(reader.findEvents(EventQuery.builder().build()));
        answers.add(reader.findMetricPoints(MetricQuery.builder("latency").range(HOUR).build()));
        answers.add(reader.downsample(DownsampleQuery.builder("latency").range(HOUR).step(Duration.ofMinutes(1))
                .build()));
        answers.add(reader.findMetricMetadata(null));
        answers.add(reader.latestHeartbeat("worker-1"));
        answers.add(reader.latestHeartbeats());
        for (DataKind kind : DataKind.values()) {
            answers.add(reader.newestTimestamp(kind));
        }
        answers.add(reader.rowCounts());
        answers.add(reader.seriesCount());
        assertFalse(answers.contains(List.of()), "every query found something: " + answers);
        return answers;
    }

    private void assertRefusedUntouched(Path file, String problem, String remedy) throws Exception {
        Map<String, String> before = folder();

        StoreException refused = assertThrows(StoreException.class, () -> SqliteReader.open(file));

        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind(), "retrying would not help");
        assertMessage(refused, file, problem, remedy);
        assertTrue(refused.getMessage().contains("did not modify it"), refused.getMessage());
        assertEquals(before, folder(), "no -wal, -shm or any other file beside it, and the same bytes");
    }

    private static void assertMessage(StoreException refused, Path file, String... parts) {
        String message = refused.getMessage();
        assertTrue(message.contains(file.toAbsolutePath().toString()), message);
        for (String part : parts) {
            assertTrue(message.contains(part), message);
        }
    }

    /** Every file in the folder, by name, with the SHA-256 of its content and its modification time. */
    private Map<String, String> folder() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path path : paths.toList()) {
                String content = Files.isDirectory(path) ? "folder" : HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
                files.put(path.getFileName().toString(), content + " " + Files.getLastModifiedTime(path));
            }
        }
        return files;
    }

    private static List<String> ids(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::id).toList();
    }
}
