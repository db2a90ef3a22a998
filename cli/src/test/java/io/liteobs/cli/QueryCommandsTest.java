package io.liteobs.cli;

import static io.liteobs.cli.Cli.on;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.alert;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.event;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.AuditEntry;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query commands against one file: ten minutes of one entry of each kind a second, read back through every
 * output format. The clock stands at the end of the ten minutes.
 */
class QueryCommandsTest {

    private static final long NOW = T0 + 600_000;

    @TempDir
    static Path dir;
    private static Path file;

    @BeforeEach
    void tenMinutes() {
        if (file != null) {
            return;
        }
        file = dir.resolve("obs.db");
        List<Object> entries = new ArrayList<>();
        for (int second = 0; second < 600; second++) {
            long at = T0 + second * 1_000L;
            entries.add(AuditEntry.builder(second % 2 == 0 ? "orders" : "billing", "create").id("a-" + second)
                    .timestamp(Instant.ofEpochMilli(at))
                    .status(second % 10 == 0 ? "error" : "success").userId("user-" + second % 3)
                    .duration(Duration.ofMillis(second)).parametersJson("{\"second\":" + second + "}").build());
            entries.add(event("e-" + second, at).entity("order", "o-" + second % 5).build());
            entries.add(point("latency", second, at, "region", second % 2 == 0 ? "eu" : "us"));
            if (second % 10 == 0) {
                entries.add(heartbeat(second % 20 == 0 ? "orders" : "billing", at));
            }
        }
        entries.add(alert("al-1", T0 + 1_000));
        entries.add(alert("al-2", T0 + 2_000));
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batchOf(entries));
        }
    }

    @Test
    void audit_filtersByEveryField_ordersByDuration_andPages() {
        JsonNode errors = Cli.at(NOW, on(file, "query", "audit", "--status", "error", "--component", "orders",
                "--user", "user-0", "--json")).json();
        assertEquals(List.of(570L, 540L, 510L), times(errors).subList(0, 3).stream()
                .map(at -> (at - T0) / 1000).toList(), "newest first");
        assertTrue(all(errors, row -> row.get("status").asText().equals("error")
                && row.get("component").asText().equals("orders") && row.get("user_id").asText().equals("user-0")));
        assertEquals(570, errors.get(0).get("parameters").get("second").asInt(), "JSON columns stay JSON");

        JsonNode slowest = Cli.at(NOW, on(file, "query", "audit", "--order-by", "duration", "--limit", "2",
                "--offset", "1", "--json")).json();
        assertEquals(List.of(598L, 597L), durations(slowest));
        JsonNode fastest = Cli.at(NOW, on(file, "query", "audit", "--order-by", "DURATION", "--asc", "--limit",
                "2", "--json")).json();
        assertEquals(List.of(0L, 1L), durations(fastest));

        JsonNode lastMinute = Cli.at(NOW, on(file, "query", "audit", "--since", "1m", "--limit", "1000",
                "--json")).json();
        assertEquals(60, lastMinute.size(), "--since 1m: [now - 60 s, now]");
        List<JsonNode> between = Cli.at(NOW, on(file, "query", "audit", "--since", iso(T0 + 10_000), "--until",
                iso(T0 + 20_000), "--ndjson")).ndjson();
        assertEquals(10, between.size(), "the range is half-open");
        assertEquals(iso(T0 + 19_000), between.get(0).get("timestamp").asText());
    }

    @Test
    void events_filterByEntity_oldestFirst_asCsv() {
        Cli.Run run = Cli.at(NOW, on(file, "query", "events", "--entity-type", "order", "--entity-id", "o-3",
                "--asc", "--limit", "3", "--csv"));

        List<List<String>> rows = run.csv();
        assertEquals("timestamp", rows.get(0).get(0));
        assertEquals(List.of(iso(T0 + 3_000), iso(T0 + 8_000), iso(T0 + 13_000)),
                rows.subList(1, 4).stream().map(row -> row.get(0)).toList());
        assertTrue(rows.subList(1, 4).stream().allMatch(row -> row.get(4).equals("o-3")), run.out());
    }

    @Test
    void metrics_listSeries_rawPointsByLabel_andDownsampledPercentiles() {
        JsonNode series = Cli.at(NOW, on(file, "query", "metrics", "--json")).json();
        assertEquals(2, series.size());
        assertEquals("{\"region\":\"eu\"}", series.get(0).get("labels").toString());

        JsonNode eu = Cli.at(NOW, on(file, "query", "metrics", "latency", "--label", "region=eu", "--limit", "3",
                "--json")).json();
        assertEquals(List.of(0.0, 2.0, 4.0), values(eu));

        // T0 lies 20 s into a minute: [T0 + 40 s, T0 + 160 s) is two whole minutes, 60 points each, value = second
        JsonNode perMinute = Cli.at(NOW, on(file, "query", "metrics", "latency", "--step", "1m", "--agg", "p95",
                "--since", iso(T0 + 40_000), "--until", iso(T0 + 160_000), "--json")).json();
        assertEquals(2, perMinute.size());
        assertEquals(iso(T0 + 40_000), perMinute.get(0).get("timestamp").asText());
        assertEquals(96.0, perMinute.get(0).get("value").asDouble(), "the 57th of 40..99");
        assertEquals(60, perMinute.get(0).get("samples").asLong());
        assertEquals(156.0, perMinute.get(1).get("value").asDouble());

        JsonNode lastHourMax = Cli.at(NOW, on(file, "query", "metrics", "latency", "--step", "10m", "--agg", "max",
                "--label", "region=us", "--json")).json();
        assertEquals(599.0, lastHourMax.get(lastHourMax.size() - 1).get("value").asDouble(),
                "the default range of a downsample is the last hour");
    }

    @Test
    void heartbeats_latestPerWorker_orTheHistoryOfOne() {
        JsonNode latest = Cli.at(NOW, on(file, "query", "heartbeats", "--json")).json();
        assertEquals(List.of(T0 + 590_000, T0 + 580_000), times(latest));
        assertEquals("billing", latest.get(0).get("worker_id").asText());
        assertEquals(1_000_000, latest.get(0).get("heap_used").asLong());

        JsonNode history = Cli.at(NOW, on(file, "query", "heartbeats", "orders", "--history", "--since", "1m",
                "--json")).json();
        assertEquals(List.of(T0 + 580_000, T0 + 560_000, T0 + 540_000), times(history));
    }

    @Test
    void alerts_newestFirst_orOldestFirst() {
        JsonNode alerts = Cli.at(NOW, on(file, "query", "alerts", "--json")).json();
        assertEquals(List.of("al-2", "al-1"), StreamSupport.stream(alerts.spliterator(), false)
                .map(row -> row.get("alert_id").asText()).toList());
        assertEquals(3, alerts.get(0).get("details").get("dropped").asInt());
        JsonNode oldest = Cli.at(NOW, on(file, "query", "alerts", "--asc", "--limit", "1", "--severity", "warning",
                "--open", "--json")).json();
        assertEquals("al-1", oldest.get(0).get("alert_id").asText());
    }

    @Test
    void aTableForPeople_alignsColumns_andShowsLocalTimeOrUtc() {
        Cli.Run run = Cli.at(NOW, on(file, "query", "audit", "--limit", "2", "--utc"));

        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertEquals(lines.get(0).indexOf("component"), lines.get(1).indexOf("billing"), run.out());
        assertTrue(lines.get(1).startsWith(iso(T0 + 599_000)), run.out());
    }

    @Test
    void badValues_areUsageErrors_namingTheOption() {
        Cli.Run since = Cli.at(NOW, on(file, "query", "audit", "--since", "yesterday"));
        assertEquals(ExitCode.USAGE, since.exitCode());
        assertTrue(since.err().startsWith("--since: 'yesterday' is neither a duration before now"), since.err());

        Cli.Run limit = Cli.at(NOW, on(file, "query", "audit", "--limit", "0"));
        assertEquals(ExitCode.USAGE, limit.exitCode());
        assertTrue(limit.err().contains("limit"), limit.err());

        Cli.Run buckets = Cli.at(NOW, on(file, "query", "metrics", "latency", "--step", "1ms", "--since", "7d"));
        assertEquals(ExitCode.USAGE, buckets.exitCode());
        assertTrue(buckets.err().contains("use a larger step or a shorter range"), buckets.err());

        Cli.Run formats = Cli.at(NOW, on(file, "query", "audit", "--json", "--csv"));
        assertEquals(ExitCode.USAGE, formats.exitCode());
        assertTrue(formats.err().contains("mutually exclusive"), formats.err());
    }

    @Test
    void everyReadingCommand_leavesTheFileByteForByte_andCreatesNoLogBesideIt() throws Exception {
        byte[] before = Files.readAllBytes(file);
        for (List<String> command : FileProblemsTest.COMMANDS) {
            if (!command.contains("cleanup") || command.contains("--dry-run")) {
                assertEquals(ExitCode.OK, Cli.at(NOW, on(file, command.toArray(String[]::new))).exitCode(),
                        command.toString());
            }
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("obs.db", "obs.db-reserve"), files.map(path -> path.getFileName().toString())
                    .sorted().toList());
        }
    }

    private static String iso(long millis) {
        return Values.ISO_UTC.format(Instant.ofEpochMilli(millis));
    }

    private static List<Long> times(JsonNode rows) {
        return StreamSupport.stream(rows.spliterator(), false)
                .map(row -> Instant.parse(row.get("timestamp").asText()).toEpochMilli()).toList();
    }

    private static List<Long> durations(JsonNode rows) {
        return StreamSupport.stream(rows.spliterator(), false).map(row -> row.get("duration_ms").asLong()).toList();
    }

    private static List<Double> values(JsonNode rows) {
        return StreamSupport.stream(rows.spliterator(), false).map(row -> row.get("value").asDouble()).toList();
    }

    private static boolean all(JsonNode rows, java.util.function.Predicate<JsonNode> test) {
        return rows.size() > 0 && StreamSupport.stream(rows.spliterator(), false).allMatch(test);
    }
}
