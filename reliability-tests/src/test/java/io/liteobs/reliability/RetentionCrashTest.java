package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricPoint;
import io.liteobs.RetentionPolicy;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM is killed with SIGKILL in the middle of a retention run over a file full of old rows (50,000 more of
 * each kind before every kill), while it records fresh entries. The file stays sound, no fresh row is lost, and the next run finishes the job.
 */
class RetentionCrashTest {

    private static final long OLD = Instant.now().minus(Duration.ofDays(30)).toEpochMilli();
    private static final long FRESH = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
    private static final int FRESH_ROWS = 2_000;

    @TempDir
    Path dir;

    @Test
    void sigkillDuringRetention_leavesASoundFile_andEveryFreshRow() throws Exception {
        Path file = dir.resolve("retention.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(rows("fresh", FRESH, FRESH_ROWS));
        }
        Random random = new Random();
        int kills = Suite.rounds(3, 25);
        int midRun = 0;
        for (int round = 0; round < kills; round++) {
            try (SqliteStore store = SqliteStore.open(file)) {
                for (int batch = 0; batch < 5; batch++) {
                    store.write(rows("old-" + round + "-" + batch, OLD, 10_000));
                }
            }
            long oldBefore = oldRows(file);
            String run = "r" + round;
            List<String> lines;
            try (ChildJvm child = ChildJvm.start(RetentionCrashChild.class, dir, List.of("-Xmx256m"),
                    file.toString(), run)) {
                child.awaitLine("RUNNING"::equals, Duration.ofSeconds(60));
                Thread.sleep(random.nextInt(400));
                child.kill();
                lines = child.lines();
            }
            boolean finished = lines.stream().anyMatch(line -> line.startsWith("DONE"));
            long oldAfter = oldRows(file);
            if (!finished && oldAfter > 0 && oldAfter < oldBefore) {
                midRun++;
            }

            assertEquals(List.of("ok"), Db.integrityCheck(file), "round " + round);
            assertEquals(FRESH_ROWS, Db.count(file, "SELECT count(*) FROM audit_log WHERE operation = 'fresh'"));
            assertEquals(FRESH_ROWS, Db.count(file, "SELECT count(*) FROM business_event_logs"
                    + " WHERE event_type = 'fresh'"));
            assertEquals(FRESH_ROWS, Db.count(file, "SELECT count(*) FROM metrics_timeseries t"
                    + " JOIN metrics_metadata m USING (series_id) WHERE m.name = 'fresh'"));
            Set<String> acknowledged = new HashSet<>();
            lines.stream().filter(line -> line.startsWith("A ")).forEach(line -> acknowledged.add(line.substring(2)));
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(Db.columnSet(file, "SELECT entry_id FROM audit_log WHERE entry_id LIKE '" + run + "-%'"));
            assertEquals(Set.of(), missing, "acknowledged entries lost in round " + round);
            CrashTest.assertNothingStoredTwice(file);
        }
        System.out.printf("%d kills during retention, %d of them with the run half done%n", kills, midRun);

        RetentionPolicy policy = RetentionPolicy.builder()
                .keep(DataKind.METRICS, Duration.ofDays(1))
                .keep(DataKind.AUDIT, Duration.ofDays(1))
                .keep(DataKind.EVENTS, Duration.ofDays(1))
                .build();
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).retention(policy).build()) {
            assertTrue(obs.retention().run().completed());
        }
        assertEquals(0, oldRows(file));
        assertEquals(FRESH_ROWS, Db.count(file, "SELECT count(*) FROM audit_log WHERE operation = 'fresh'"));
        assertEquals(List.of("ok"), Db.integrityCheck(file));
    }

    private static long oldRows(Path file) throws Exception {
        return Db.count(file, "SELECT (SELECT count(*) FROM audit_log WHERE timestamp = " + OLD + ")"
                + " + (SELECT count(*) FROM business_event_logs WHERE timestamp = " + OLD + ")"
                + " + (SELECT count(*) FROM metrics_timeseries WHERE timestamp = " + OLD + ")");
    }

    /** {@code count} audit entries, events and metric points stamped {@code timestamp}, all called {@code name}. */
    private static WriteBatch rows(String name, long timestamp, int count) {
        WriteBatch.Buffer batch = WriteBatch.buffer();
        Labels labels = Labels.of("kind", "test");
        for (int i = 0; i < count; i++) {
            String id = name + "-" + i;
            batch.audit().add(AuditEntry.builder("retention", name.startsWith("old") ? "old" : name).id(id)
                    .timestamp(Instant.ofEpochMilli(timestamp)).build());
            batch.events().add(BusinessEvent.builder(name.startsWith("old") ? "old" : name, "s").id(id)
                    .timestamp(Instant.ofEpochMilli(timestamp)).build());
            batch.metrics().add(new MetricPoint(name.startsWith("old") ? "old" : name, i, null, labels, timestamp));
        }
        return batch.batch();
    }
}
