package io.liteobs.cli;

import static io.liteobs.cli.Cli.on;
import static io.liteobs.store.tck.Entries.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.sqlite.OlderFiles;
import io.liteobs.sqlite.SqliteReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A file written by an earlier release, of every older schema version: every reading command reads its rows and
 * leaves it byte for byte as it was; cleanup migrates it first and says so; a dry run does not.
 */
class OlderFilesTest {

    /** 20 s after the sample rows: the worker, beating every 10 s, is still alive. */
    private static final long NOW = T0 + 20_000;

    /** Every reading command, and the value it must print from the sample rows, by JSON path. */
    private static final Map<List<String>, String> READS = Map.ofEntries(
            Map.entry(List.of("liveness"), "alive"),
            Map.entry(List.of("query", "audit"), "error"),
            Map.entry(List.of("query", "events"), "o-1"),
            Map.entry(List.of("query", "metrics"), OlderFiles.METRIC),
            Map.entry(List.of("query", "metrics", OlderFiles.METRIC), "2.5"),
            Map.entry(List.of("query", "metrics", OlderFiles.METRIC, "--step", "1h", "--agg", "p50"), "1.5"),
            Map.entry(List.of("query", "heartbeats"), OlderFiles.WORKER),
            Map.entry(List.of("query", "heartbeats", "--history"), OlderFiles.WORKER),
            Map.entry(List.of("query", "alerts", "--open"), "al-1"),
            Map.entry(List.of("query", "http"), OlderFiles.PATH),
            Map.entry(List.of("query", "routes"), "GET"),
            Map.entry(List.of("export", "audit"), "a-1"),
            Map.entry(List.of("export", "events"), "e-1"),
            Map.entry(List.of("export", "http"), "r-1"),
            Map.entry(List.of("export", "metrics"), "orders_latency{region=\"eu\"} 2.5"),
            Map.entry(List.of("stats"), "audit_log"),
            Map.entry(List.of("cleanup", "--keep", "audit=1ms", "--dry-run"), "would_delete"));

    @TempDir
    Path dir;

    static IntStream olderVersions() {
        return OlderFiles.olderVersions();
    }

    @ParameterizedTest
    @MethodSource("olderVersions")
    void everyReadingCommand_readsTheRows_andLeavesTheFileAsItWas(int version) throws Exception {
        Path file = dir.resolve("obs.db");
        OlderFiles.write(file, version, OlderFiles.SAMPLE_ROWS);
        byte[] before = Files.readAllBytes(file);

        READS.forEach((command, expected) -> {
            boolean export = command.get(0).equals("export");
            String[] args = export ? command.toArray(String[]::new)
                    : Stream.concat(command.stream(), Stream.of("--json")).toArray(String[]::new);
            Cli.Run run = Cli.at(NOW, on(file, args));

            assertEquals(ExitCode.OK, run.exitCode(), () -> "version " + version + ", " + command + ": " + run);
            assertTrue(run.out().contains(expected), () -> "version " + version + ", " + command + ": " + run);
            assertEquals("", run.err(), () -> "version " + version + ", " + command + ": " + run);
        });

        assertArrayEquals(before, Files.readAllBytes(file), "version " + version);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "nothing created beside the file");
        }
    }

    @ParameterizedTest
    @MethodSource("olderVersions")
    void stats_saysTheFilesVersion_andHttpRequestsOfOldFilesHaveTheirPathAsRoute(int version) throws Exception {
        Path file = dir.resolve("obs.db");
        OlderFiles.write(file, version, OlderFiles.SAMPLE_ROWS);

        JsonNode stats = Cli.at(NOW, on(file, "stats", "--json")).json();
        JsonNode http = Cli.at(NOW, on(file, "query", "http", "--json")).json().get(0);

        assertEquals(version, stats.get("file").get(0).get("schema_version").asInt());
        assertEquals(version < 4 ? OlderFiles.PATH : "", http.get("route").asText());
    }

    @ParameterizedTest
    @MethodSource("olderVersions")
    void cleanup_migratesTheFileFirst_andSaysSo(int version) throws Exception {
        Path file = dir.resolve("obs.db");
        OlderFiles.write(file, version, OlderFiles.SAMPLE_ROWS);

        // measured from the newest point: the older of the two goes
        Cli.Run run = Cli.at(NOW, on(file, "cleanup", "--keep", "metrics=1ms", "--json"));

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        JsonNode schema = run.json().get("schema").get(0);
        assertEquals(version, schema.get("version_before").asInt());
        assertEquals(SqliteReader.READS_UP_TO, schema.get("version_after").asInt());
        assertEquals(1, run.json().get("deleted").get(0).get("rows").asLong());
        try (SqliteReader reader = SqliteReader.open(file)) {
            assertEquals(SqliteReader.READS_UP_TO, reader.schemaVersion());
        }
    }
}
