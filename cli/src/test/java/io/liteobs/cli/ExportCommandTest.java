package io.liteobs.cli;

import static io.liteobs.cli.Cli.on;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.Labels;
import io.liteobs.MetricPoint;
import io.liteobs.TestEnvironment;
import io.liteobs.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {

    /** More points than one page of the export reads, so that paging is crossed twice. */
    private static final int POINTS = 2 * ExportMetricsCommand.PAGE + 123;

    /** A sample as {@code promtool tsdb dump} prints it: {@code {__name__="m", k="v"} 12.5 1759999999999}. */
    private static final Pattern DUMPED = Pattern.compile("\\{(.*)} (\\S+) (\\d+)");

    @TempDir
    Path dir;

    @Test
    void metrics_areImportedByPromtool_andTheBlocksHoldTheStoredValues() throws Exception {
        Path promtool = TestEnvironment.requireProgram("promtool");
        Path file = dir.resolve("obs.db");
        Map<String, Double> stored = new TreeMap<>();
        List<Object> points = new ArrayList<>();
        Labels quoted = Labels.of("http.route", "/orders/\"{id}\"\\x", "region", "eu");
        for (int i = 0; i < POINTS; i++) {
            long at = T0 + i * 10L;
            add(points, stored, new MetricPoint("orders.latency", i * 0.1, "ms", quoted, at));
            if (i % 1_000 == 0) {
                // a second point in the same millisecond: Prometheus keeps one, the export the last
                add(points, stored, new MetricPoint("orders.latency", -i, "ms", quoted, at));
            }
            if (i % 100 == 0) {
                add(points, stored, new MetricPoint("jobs-done", i, null, Labels.empty(), at));
            }
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batchOf(points));
        }
        Path exported = dir.resolve("obs.om");

        Cli.Run run = Cli.at(T0, on(file, "export", "metrics", "--output", exported.toString()));

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertEquals("", run.out());
        Path blocks = dir.resolve("tsdb");
        run(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", exported.toString(), blocks.toString());
        Files.createDirectories(blocks.resolve("wal"));
        Map<String, Double> dumped = new TreeMap<>();
        for (String line : run(promtool.toString(), "tsdb", "dump", blocks.toString()).split("\n")) {
            Matcher sample = DUMPED.matcher(line);
            assertTrue(sample.matches(), line);
            dumped.put(sample.group(1) + " @" + sample.group(3), Double.parseDouble(sample.group(2)));
        }
        assertEquals(stored.size(), dumped.size());
        assertEquals(stored, dumped);
    }

    @Test
    void metricsOfOneName_inARange_goToStandardOutput() {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batchOf(List.of(new MetricPoint("a", 1, null, Labels.empty(), T0),
                    new MetricPoint("a", 2, null, Labels.empty(), T0 + 1_000),
                    new MetricPoint("b", 3, null, Labels.empty(), T0))));
        }

        Cli.Run run = Cli.at(T0, on(file, "export", "metrics", "a", "--since", iso(T0 + 1)));

        assertEquals(List.of("# TYPE a gauge", "a 2.0 " + (T0 + 1_000) / 1000 + ".000", "# EOF"),
                run.out().lines().toList());
    }

    @Test
    void auditAndEvents_asNdjsonAndCsv_everyRowOldestFirst() {
        Path file = dir.resolve("obs.db");
        List<Object> entries = new ArrayList<>();
        int count = io.liteobs.Page.MAX_LIMIT + 7;
        for (int i = 0; i < count; i++) {
            entries.add(audit("a-" + i, T0 + i).errorMessage("line 1\nline \"2\", end").build());
        }
        entries.add(event("e-1", T0).detailsJson("{\"total\":12.5}").build());
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batchOf(entries));
        }

        List<JsonNode> audit = Cli.at(T0, on(file, "export", "audit")).ndjson();
        assertEquals(count, audit.size());
        assertEquals("a-0", audit.get(0).get("entry_id").asText());
        assertEquals("a-" + (count - 1), audit.get(count - 1).get("entry_id").asText());
        assertEquals("line 1\nline \"2\", end", audit.get(5).get("error_message").asText());

        List<List<String>> csv = Cli.at(T0, on(file, "export", "audit", "--csv", "--until", iso(T0 + 3))).csv();
        assertEquals(4, csv.size(), "a header and three rows");
        assertEquals("line 1\nline \"2\", end", csv.get(1).get(Rows.AUDIT.indexOf(Column.text("error_message"))));

        List<JsonNode> events = Cli.at(T0, on(file, "export", "events")).ndjson();
        assertEquals(12.5, events.get(0).get("details").get("total").asDouble());
    }

    @Test
    void exports_takeTheFiltersOfTheirQueries() {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batchOf(List.of(audit("a-1", T0).status("error").build(), audit("a-2", T0 + 1).build(),
                    event("e-1", T0).entity("order", "o-1").build(), event("e-2", T0).entity("order", "o-2").build())));
        }

        List<JsonNode> errors = Cli.at(T0, on(file, "export", "audit", "--status", "error")).ndjson();
        List<JsonNode> order = Cli.at(T0, on(file, "export", "events", "--entity-type", "order", "--entity-id",
                "o-2")).ndjson();

        assertEquals(List.of("a-1"), errors.stream().map(row -> row.get("entry_id").asText()).toList());
        assertEquals(List.of("e-2"), order.stream().map(row -> row.get("event_id").asText()).toList());
    }

    @Test
    void anOutputFileThatCannotBeWritten_exitsFour_namingIt() throws IOException {
        Path file = ProblemFiles.store(dir.resolve("obs.db"));
        Path target = dir.resolve("missing-folder").resolve("audit.ndjson");

        Cli.Run run = Cli.at(T0, on(file, "export", "audit", "-o", target.toString()));

        assertEquals(ExitCode.FILE_UNAVAILABLE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("cannot write " + target), run.err());
    }

    /** Adds the point, and what Prometheus keeps of it: the last value of its series in its millisecond. */
    private static void add(List<Object> points, Map<String, Double> stored, MetricPoint point) {
        points.add(point);
        StringBuilder series = new StringBuilder("__name__=\"" + point.name().replace('.', '_').replace('-', '_')
                + "\"");
        point.labels().asMap().forEach((key, value) -> series.append(", ").append(key.replace('.', '_'))
                .append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        stored.put(series + " @" + point.timestampMillis(), point.value());
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }

    private static String iso(long millis) {
        return Values.ISO_UTC.format(Instant.ofEpochMilli(millis));
    }
}
