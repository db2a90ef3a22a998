package io.liteobs.cli;

import static io.liteobs.cli.Cli.on;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCommandTest {

    /**
     * The eight tables of the reference design, the four that alert rules keep their state in, and the two of metric
     * rollups.
     */
    private static final int TABLES = 14;

    @TempDir
    Path dir;

    @Test
    void stats_sizesTablesAndBusiestSeries_asOneJsonDocument() throws Exception {
        Path file = ProblemFiles.store(dir.resolve("obs.db"));

        Cli.Run run = Cli.at(T0, on(file, "stats", "--json"));

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        JsonNode stats = run.json();
        JsonNode overview = stats.get("file").get(0);
        assertEquals(file.toString(), overview.get("file").asText());
        assertEquals(SqliteStore.SCHEMA_VERSION, overview.get("schema_version").asInt());
        assertEquals(Files.size(file), overview.get("file_bytes").asLong());
        JsonNode audit = StreamSupport.stream(stats.get("tables").spliterator(), false)
                .filter(table -> table.get("table").asText().equals("audit_log")).findFirst().orElseThrow();
        assertEquals(300, audit.get("rows").asLong());
        assertTrue(audit.get("bytes").asLong() > 300 * 100, audit.toString());
        assertEquals(Values.ISO_UTC.format(java.time.Instant.ofEpochMilli(T0 + 299)), audit.get("newest").asText());
        assertEquals(TABLES, stats.get("tables").size());
        assertEquals(List.of("file", "tables", "busiest_series", "recorders"), List.copyOf(
                iterable(stats.fieldNames())));
    }

    @Test
    void csv_isRefused_asStatsHasSeveralTables_andNdjsonTagsEachRowWithItsSection() {
        Path file = ProblemFiles.store(dir.resolve("obs.db"));

        Cli.Run csv = Cli.at(T0, on(file, "stats", "--csv"));
        assertEquals(ExitCode.USAGE, csv.exitCode());
        assertTrue(csv.err().contains("use --json or --ndjson"), csv.err());

        List<JsonNode> rows = Cli.at(T0, on(file, "stats", "--ndjson")).ndjson();
        assertEquals("file", rows.get(0).get("section").asText());
        assertEquals(1 + TABLES, rows.size(), "the file, its tables, no series, no recorder counters");
    }

    @Test
    void recorderCounters_addUpTheStoredStepIncrements_andTheQueueShowsItsLatestValue() {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            // as LiteObsMetrics records them through the Micrometer registry: a counter's increment per step
            store.write(batch(point("liteobs.recorder.persisted", 10, T0, "component", "audit"),
                    point("liteobs.recorder.persisted", 15, T0 + 60_000, "component", "audit"),
                    point("liteobs.recorder.dropped", 2, T0 + 60_000, "component", "audit"),
                    point("liteobs.recorder.queued", 7, T0, "component", "audit"),
                    point("liteobs.recorder.queued", 3, T0 + 60_000, "component", "audit")));
        }

        JsonNode recorders = Cli.at(T0, on(file, "stats", "--json")).json().get("recorders");

        assertEquals(3, recorders.size());
        assertEquals("liteobs.recorder.dropped audit 2.0, liteobs.recorder.persisted audit 25.0,"
                + " liteobs.recorder.queued audit 3.0", String.join(", ", StreamSupport.stream(
                        recorders.spliterator(), false).map(row -> row.get("metric").asText() + " "
                        + row.get("component").asText() + " " + row.get("value").asDouble()).toList()));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> items = new java.util.ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }
}
