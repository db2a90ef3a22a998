package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM recording a burst is killed with SIGKILL at a random moment, many times over one file. After each
 * kill the file passes {@code PRAGMA integrity_check}, everything acknowledged is there, nothing is stored twice,
 * and the next open succeeds at once.
 */
class CrashTest {

    private static final Duration OPEN_BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void sigkillAtRandomMoments_losesNothingAcknowledged_andNeverCorruptsTheFile() throws Exception {
        Path file = dir.resolve("crash.db");
        Random random = new Random();
        int kills = Suite.rounds(10, 120);
        long acknowledgedInAll = 0;
        List<Long> openMillis = new ArrayList<>();
        for (int round = 0; round < kills; round++) {
            String run = "r" + round;
            long delay = 300 + random.nextInt(1_700);
            List<String> lines;
            try (ChildJvm child = ChildJvm.start(CrashChild.class, dir, List.of("-Xmx256m"), file.toString(), run)) {
                Thread.sleep(delay);
                child.kill();
                lines = child.lines();
            }

            long started = System.nanoTime();
            try (SqliteStore store = SqliteStore.open(file)) {
                store.rowCounts();
            }
            long opened = (System.nanoTime() - started) / 1_000_000;
            openMillis.add(opened);
            assertTrue(opened < OPEN_BOUND.toMillis(), "reopening took " + opened + " ms");
            assertEquals(List.of("ok"), Db.integrityCheck(file), "round " + round + ", killed after " + delay + " ms");

            Set<String> acknowledged = new HashSet<>();
            long flushedUpTo = -1;
            for (String line : lines) {
                if (line.startsWith("A ")) {
                    acknowledged.add(line.substring(2));
                } else if (line.startsWith("F ")) {
                    flushedUpTo = Math.max(flushedUpTo, Long.parseLong(line.substring(2)));
                }
            }
            acknowledgedInAll += acknowledged.size();
            Set<String> stored = Db.columnSet(file,
                    "SELECT entry_id FROM audit_log WHERE entry_id LIKE '" + run + "-%'");
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(stored);
            assertEquals(Set.of(), missing, "acknowledged audit entries missing after the kill in round " + round);
            if (flushedUpTo >= 0) {
                assertEquals(flushedUpTo + 1, Db.count(file, "SELECT count(*) FROM business_event_logs"
                        + " WHERE event_id LIKE '" + run + "-e%' AND CAST(substr(event_id, "
                        + (run.length() + 3) + ") AS INTEGER) <= " + flushedUpTo), "flushed events, round " + round);
                assertEquals(flushedUpTo + 1, Db.count(file, "SELECT count(DISTINCT t.value) FROM metrics_timeseries t"
                        + " JOIN metrics_metadata m USING (series_id) WHERE m.name = 'crash.burst'"
                        + " AND m.labels = '{\"run\":\"" + run + "\"}' AND t.value <= " + flushedUpTo),
                        "flushed metric points, round " + round);
            }
            assertNothingStoredTwice(file);
            assertEveryPointRolledUpOnce(file);
        }
        System.out.printf("%d kills, %d acknowledged audit entries, all present; reopen took %s ms%n", kills,
                acknowledgedInAll, openMillis);
        assertTrue(acknowledgedInAll > 0, "the children acknowledged something before they were killed");
        assertTrue(Db.count(file, "SELECT count(*) FROM metrics_rollup_1m r JOIN metrics_metadata m"
                + " USING (series_id) WHERE m.name = 'crash.steps'") > 0, "idle time rolled up some minutes");
    }

    /**
     * The rollups hold every point once, whatever moment the kill came at: the hour tier in its rows, the minute tier
     * in its rows or, for the points of a series' raw minutes, as those points (the file has no gap nor retention).
     */
    static void assertEveryPointRolledUpOnce(Path file) throws Exception {
        long points = Db.count(file, "SELECT count(*) FROM metrics_timeseries");
        assertEquals(points, Db.count(file, "SELECT (SELECT coalesce(sum(point_count), 0) FROM metrics_rollup_1m)"
                + " + (SELECT count(*) FROM metrics_metadata m JOIN metrics_timeseries t ON t.series_id = m.series_id"
                + " AND t.timestamp >= m.raw_minutes_from"
                + " AND t.timestamp < coalesce(m.raw_minutes_until, 9223372036854775807))"), "the minute tier");
        assertEquals(points, Db.count(file, "SELECT coalesce(sum(point_count), 0) FROM metrics_rollup_1h"),
                "the hour tier");
    }

    static void assertNothingStoredTwice(Path file) throws Exception {
        assertEquals(0, Db.count(file, "SELECT count(*) - count(DISTINCT entry_id) FROM audit_log"));
        assertEquals(0, Db.count(file, "SELECT count(*) - count(DISTINCT event_id) FROM business_event_logs"));
        assertEquals(0, Db.count(file, "SELECT count(*) FROM (SELECT series_id, value FROM metrics_timeseries"
                + " JOIN metrics_metadata USING (series_id) WHERE name = 'crash.burst'"
                + " GROUP BY series_id, value HAVING count(*) > 1)"), "a metric point stored twice");
    }
}
