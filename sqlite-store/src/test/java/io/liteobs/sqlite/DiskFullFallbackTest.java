package io.liteobs.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.DataKind;
import io.liteobs.LiteObs;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.RetentionPolicy;
import io.liteobs.StoreStatus;
import io.liteobs.WriterOptions;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLITE_FULL without mounting a small disk: {@code PRAGMA max_page_count} on the store's writing connection makes
 * SQLite refuse to grow the file, with the same result code as a full disk. Runs everywhere; the reliability-tests
 * module fills a real tmpfs where the machine allows mounting.
 */
class DiskFullFallbackTest {

    @TempDir
    Path dir;

    /** Sets the writing connection's max_page_count: a number, or null for the file's current page count. */
    private static void maxPageCount(SqliteStore store, Long pages) {
        store.writeConnection().withoutTransaction("max_page_count", session -> {
            try (Statement statement = session.connection().createStatement()) {
                long limit = pages == null ? 0 : pages;
                if (pages == null) {
                    try (ResultSet row = statement.executeQuery("PRAGMA page_count")) {
                        row.next();
                        limit = row.getLong(1);
                    }
                }
                try (ResultSet row = statement.executeQuery("PRAGMA max_page_count = " + limit)) {
                    return row.next();
                }
            }
        });
    }

    @Test
    void fullDatabase_recordingNeverThrows_degraded_andWritesResumeOnTheirOwn() throws Exception {
        Path file = dir.resolve("obs.db");
        SqliteStore store = SqliteStore.open(file);
        RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.AUDIT, Duration.ofDays(1)).build();
        try (LiteObs obs = LiteObs.builder(store).retention(policy)
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10)))
                .audit(RecorderOptions.of(1 << 16, OverflowPolicy.DROP)).build()) {
            Set<String> accepted = new HashSet<>();
            Instant old = Instant.now().minus(Duration.ofDays(10));
            for (int i = 0; i < 2_000; i++) {
                obs.audit().logAsync(AuditEntry.builder("c", "old").id("old-" + i).timestamp(old).build());
            }
            obs.audit().logAsync(AuditEntry.builder("c", "recent").id("recent").build());
            assertTrue(obs.flush(Duration.ofSeconds(10)));
            maxPageCount(store, null);

            for (int i = 0; obs.storeStatus().isOk(); i++) {
                assertTrue(i < 1_000_000, "the database never filled up");
                if (obs.audit().logAsync(AuditEntry.builder("c", "op").id("a-" + i).userId("u").build())) {
                    accepted.add("a-" + i);
                }
                if (i % 200 == 199) {
                    obs.flush(Duration.ofMillis(200));
                }
            }
            StoreStatus status = obs.storeStatus();
            assertEquals(StoreStatus.State.DEGRADED, status.state());
            assertTrue(status.reason().contains("SQLITE_FULL"), status.reason());
            assertTrue(status.reason().contains(file.toString()), status.reason());
            assertFalse(obs.flush(Duration.ofMillis(200)));

            // retention still runs while writes fail
            assertEquals(2_000, obs.retention().run().deleted().get(DataKind.AUDIT));

            maxPageCount(store, 1_073_741_823L);
            assertTrue(obs.flush(Duration.ofSeconds(30)), "writes resume on their own");
            assertTrue(obs.storeStatus().isOk());
            RecorderStats stats = obs.audit().stats();
            assertTrue(stats.balanced(), stats.toString());
            assertEquals(0, stats.failed(), stats.toString());
            Set<String> stored = new HashSet<>(TestData.column(file, "SELECT entry_id FROM audit_log"));
            assertTrue(stored.containsAll(accepted), "every accepted entry is stored");
        }
    }
}
