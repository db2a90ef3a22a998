package io.liteobs.cli;

import static io.liteobs.cli.Cli.on;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.DataKind;
import io.liteobs.sqlite.SqliteReader;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ten days of entries, one an hour of each kind; the clock stands at the end of the tenth day. */
class CleanupCommandTest {

    private static final long HOUR = 3_600_000;
    private static final long NOW = T0 + 240 * HOUR;

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void tenDays() {
        file = dir.resolve("obs.db");
        List<Object> entries = new ArrayList<>();
        for (int hour = 0; hour < 240; hour++) {
            long at = T0 + hour * HOUR;
            entries.add(audit("a-" + hour, at).errorMessage("x".repeat(500)).build());
            entries.add(point("latency", hour, at));
            entries.add(heartbeat("orders", at));
        }
        try (SqliteStore store = SqliteStore.builder(file).diskReserve(0).build()) {
            store.write(batchOf(entries));
        }
    }

    @Test
    void dryRun_countsWhatWouldGo_andLeavesTheFileByteForByte() throws Exception {
        byte[] before = Files.readAllBytes(file);

        Cli.Run run = Cli.at(NOW, on(file, "cleanup", "--keep", "audit=2d", "--keep", "metrics=7d", "--dry-run",
                "--json"));

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        Map<String, Long> rows = rowsPerKind(run.json().get("would_delete"));
        // the newest row is an hour before now: 47 hours of audit and 167 of metrics are young enough to stay
        assertEquals(Map.of("audit", 240L - 49, "metrics", 240L - 169), rows);
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("obs.db"), Files.list(dir).map(path -> path.getFileName().toString()).toList());
    }

    @Test
    void cleanup_deletesWhatTheDryRunCounted_inChunks_andReportsTheSpace() throws Exception {
        Path policy = Files.writeString(dir.resolve("retention.properties"),
                "# kept by the operator\naudit = 2d\nheartbeats=1d\nmetrics=1d\n");
        long counted = rowsPerKind(Cli.at(NOW, on(file, "cleanup", "--policy", policy.toString(), "--keep",
                "metrics=7d", "--dry-run", "--json")).json().get("would_delete")).values().stream()
                .mapToLong(Long::longValue).sum();

        Cli.Run run = Cli.at(NOW, on(file, "cleanup", "--policy", policy.toString(), "--keep", "metrics=7d",
                "--chunk-size", "7", "--pause", "1ms", "--json"));

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        Map<String, Long> deleted = rowsPerKind(run.json().get("deleted"));
        assertEquals(Map.of("audit", 191L, "heartbeats", 240L - 25, "metrics", 71L), deleted,
                "--keep wins over the policy file");
        assertEquals(counted, deleted.values().stream().mapToLong(Long::longValue).sum());
        try (SqliteReader reader = SqliteReader.open(file)) {
            assertEquals(49, reader.rowCounts().get(DataKind.AUDIT));
            assertEquals(169, reader.rowCounts().get(DataKind.METRICS));
        }
        JsonNode space = run.json().get("space").get(0);
        assertEquals(Files.size(file), space.get("file_bytes_after").asLong());
        assertEquals(0, space.get("wal_bytes_after").asLong(), "the log is truncated after the deletes");
        assertEquals(space.get("file_bytes_before").asLong() + space.get("wal_bytes_before").asLong()
                - Files.size(file), space.get("given_back").asLong());
    }

    @Test
    void vacuum_givesTheFreedPagesBackToTheDisk() throws Exception {
        long before = Files.size(file);

        Cli.Run run = Cli.at(NOW, on(file, "cleanup", "--keep", "audit=1h", "--vacuum", "--json"));

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(Files.size(file) < before * 2 / 3, Files.size(file) + " bytes after, " + before + " before");
        assertEquals(before - Files.size(file), run.json().get("space").get(0).get("given_back").asLong());
    }

    @Test
    void aPolicyThatMakesNoSense_isAUsageError_sayingWhy() {
        Map<List<String>, String> mistakes = Map.of(
                List.of("--keep", "logs=7d"), "'logs' is not a kind of data: use audit, metrics",
                List.of("--keep", "audit=forever"), "the age of audit: 'forever' is not a duration",
                List.of("--keep", "audit=0s"), "the age of audit: '0s' must be longer than zero",
                List.of(), "Nothing to clean up: say how long to keep each kind",
                List.of("--policy", dir.resolve("absent.properties").toString()), "absent.properties does not exist");
        mistakes.forEach((options, message) -> {
            List<String> args = new ArrayList<>(List.of("cleanup"));
            args.addAll(options);
            Cli.Run run = Cli.at(NOW, on(file, args.toArray(String[]::new)));
            assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
            assertTrue(run.err().contains(message), run.err());
        });
    }

    @Test
    void rollupTiers_keptForTheirOwnAges_andTheReportListsTheBucketsDeleted() {
        // a point an hour for ten days: its minute buckets are its points (raw minutes), the minute tier keeps no row
        // of it; a second series, two points in each of those minutes, has a minute row an hour once the writer has
        // been idle; the newest point is an hour before now
        List<Object> twoAMinute = new ArrayList<>();
        for (int hour = 0; hour < 240; hour++) {
            // T0 is 20 s into its minute: both points fall in the minute of the hourly series' point
            twoAMinute.add(point("queue.depth", 1, T0 + hour * HOUR - 2));
            twoAMinute.add(point("queue.depth", 2, T0 + hour * HOUR - 1));
        }
        try (SqliteStore store = SqliteStore.builder(file).diskReserve(0).build()) {
            store.write(batchOf(twoAMinute));
            while (store.workWhileIdle()) {
                // as the writer thread does while nothing waits to be written
            }
        }
        Cli.Run dryRun = Cli.at(NOW, on(file, "cleanup", "--keep", "metrics=7d", "--keep-rollups-1m", "2d",
                "--keep-rollups-1h", "5d", "--dry-run", "--json"));
        Cli.Run run = Cli.at(NOW, on(file, "cleanup", "--keep", "metrics=7d", "--keep-rollups-1m", "2d",
                "--keep-rollups-1h", "5d", "--json"));

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        // buckets that start before the newest point less the age: 192 minutes of the second series (T0 is 20 s
        // into its minute, so the cutoff's own hour counts) and 120 hours of each
        Map<String, Long> expected = Map.of("1m", 192L, "1h", 2 * 120L);
        assertEquals(expected, rowsPerTier(dryRun.json().get("rollups_would_delete")));
        assertEquals(expected, rowsPerTier(run.json().get("rollups_deleted")));
        // 71 hours of the hourly series, 72 of the second, whose points of the cutoff's hour fall just before it
        assertEquals(Map.of("metrics", (240L - 169) + 2 * (240L - 168)), rowsPerKind(run.json().get("deleted")));
    }

    @Test
    void aRollupAgeThatMakesNoSense_isAUsageError_namingTheOption() {
        for (String[] option : List.of(new String[] {"--keep-rollups-1m", "0d"},
                new String[] {"--keep-rollups-1h", "two years"})) {
            Cli.Run run = Cli.at(NOW, on(file, "cleanup", "--keep", "metrics=7d", option[0], option[1]));
            assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
            assertTrue(run.err().contains("the age of " + option[0]), run.err());
        }
    }

    private static Map<String, Long> rowsPerTier(JsonNode rows) {
        Map<String, Long> perTier = new java.util.TreeMap<>();
        rows.forEach(row -> perTier.put(row.get("tier").asText(), row.get("rows").asLong()));
        return perTier;
    }

    private static Map<String, Long> rowsPerKind(JsonNode rows) {
        Map<String, Long> perKind = new java.util.TreeMap<>();
        rows.forEach(row -> perKind.put(row.get("kind").asText(), row.get("rows").asLong()));
        return perKind;
    }
}
