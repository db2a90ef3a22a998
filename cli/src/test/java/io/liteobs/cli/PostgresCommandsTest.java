package io.liteobs.cli;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.alert;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liteobs.postgres.PostgresOptions;
import io.liteobs.postgres.PostgresReader;
import io.liteobs.postgres.PostgresStore;
import io.liteobs.postgres.ThrowawayPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands over a real PostgreSQL database, given by its JDBC URL in place of a file: a day of entries, one an
 * hour, written by a PostgreSQL store; the clock stands an hour after the last.
 */
class PostgresCommandsTest {

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private static final long HOUR = 3_600_000;
    private static final long NOW = T0 + 24 * HOUR;

    @TempDir
    Path dir;
    private String url;

    @BeforeEach
    void aDay() {
        url = postgres.createSchema();
        List<Object> entries = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            long at = T0 + hour * HOUR;
            entries.add(audit("a-" + hour, at).build());
            entries.add(point("latency", hour, at));
        }
        entries.add(heartbeat("orders", NOW - 5_000));
        entries.add(alert("al-1", T0));
        try (PostgresStore store = PostgresStore.open(url)) {
            store.write(batchOf(entries));
        }
    }

    @Test
    void liveness_judgesTheWorkersOfTheDatabase() {
        Cli.Run run = Cli.at(NOW, "liveness", "--file", url, "orders", "--json");

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertEquals("alive", run.json().get(0).get("status").asText());
        assertEquals(ExitCode.NEVER_SEEN, Cli.at(NOW, "liveness", "--file", url, "payments", "--quiet").exitCode());
    }

    @Test
    void queries_readWhatTheStoreWrote() {
        Cli.Run audit = Cli.at(NOW, "query", "audit", "--file", url, "--since", "6h", "--json");
        Cli.Run points = Cli.at(NOW, "query", "metrics", "latency", "--file", url, "--step", "1d", "--agg", "max",
                "--since", "2d", "--json");
        Cli.Run alerts = Cli.at(NOW, "query", "alerts", "--file", url, "--json");

        assertEquals(ExitCode.OK, audit.exitCode(), audit.toString());
        assertEquals(6, audit.json().size(), "the entries of hours 18 to 23, the newest first");
        assertEquals("a-23", audit.json().get(0).get("entry_id").asText());
        assertEquals(23.0, points.json().get(points.json().size() - 1).get("value").asDouble(), points.toString());
        assertEquals("al-1", alerts.json().get(0).get("alert_id").asText(), alerts.toString());

        Cli.Run beats = Cli.at(NOW, "query", "heartbeats", "orders", "--history", "--file", url, "--json");
        assertEquals(ExitCode.OK, beats.exitCode(), beats.toString());
        assertEquals(NOW - 5_000, java.time.Instant.parse(beats.json().get(0).get("timestamp").asText())
                .toEpochMilli());
    }

    @Test
    void cleanup_countsOnADryRun_thenDeletesThroughTheStore() throws Exception {
        Cli.Run dryRun = Cli.at(NOW, "cleanup", "--file", url, "--keep", "audit=12h", "--dry-run", "--json");

        assertEquals(ExitCode.OK, dryRun.exitCode(), dryRun.toString());
        // measured from the newest entry, an hour before now: hours 0 to 10 are older than 12 hours
        assertEquals(11, dryRun.json().get("would_delete").get(0).get("rows").asLong());
        assertFalse(dryRun.json().has("space"), "a database has no file to measure");

        Cli.Run cleanup = Cli.at(NOW, "cleanup", "--file", url, "--keep", "audit=12h", "--json");

        assertEquals(ExitCode.OK, cleanup.exitCode(), cleanup.toString());
        assertEquals(11, cleanup.json().get("deleted").get(0).get("rows").asLong());
        Cli.Run left = Cli.at(NOW, "query", "audit", "--file", url, "--limit", "100", "--json");
        assertEquals(13, left.json().size());
    }

    @Test
    void serve_servesTheDatabase() throws Exception {
        try (ServeCommandTest.Serving serving = new ServeCommandTest.Serving("serve", "--port", "0", "--file",
                url)) {
            assertEquals(200, ServeCommandTest.get(serving.url().resolve("healthz"), null).statusCode());
            HttpResponse<String> audit = ServeCommandTest.get(serving.url().resolve("api/audit?limit=3"), null);
            assertEquals(200, audit.statusCode(), audit.body());
            JsonNode items = new ObjectMapper().readTree(audit.body()).get("items");
            assertEquals(3, items.size(), audit.body());
        }
    }

    @Test
    void stats_countsAndSizesEveryTable_andNamesTheSourceOfSeriesAndRecorders() {
        try (PostgresStore store = PostgresStore.open(PostgresOptions.builder(url).service("orders")
                .instance("orders-1").build())) {
            // as LiteObsMetrics records them through the Micrometer registry: a counter's increment per step
            store.write(batch(point("liteobs.recorder.persisted", 10, T0, "component", "audit"),
                    point("liteobs.recorder.persisted", 15, T0 + HOUR, "component", "audit"),
                    point("liteobs.recorder.queued", 7, T0, "component", "audit"),
                    point("liteobs.recorder.queued", 3, T0 + HOUR, "component", "audit")));
        }

        Cli.Run run = Cli.at(NOW, "stats", "--file", url, "--json");

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        JsonNode stats = run.json();
        assertEquals(List.of("database", "tables", "busiest_series", "recorders"), fieldNames(stats));
        JsonNode database = stats.get("database").get(0);
        assertEquals(storedSchemaVersion(), database.get("schema_version").asInt());
        assertEquals(2, database.get("sources").asLong(), "the store of the day and that of the recorders");
        assertEquals(3, database.get("series").asLong());
        assertFalse(database.has("wal_bytes"), "a database has no file sizes: " + database);

        JsonNode audit = table(stats, "audit_log");
        assertEquals(24, audit.get("rows").asLong());
        assertTrue(audit.get("bytes").asLong() > 0, audit.toString());
        assertEquals(Values.ISO_UTC.format(Instant.ofEpochMilli(T0)), audit.get("oldest").asText());
        assertEquals(Values.ISO_UTC.format(Instant.ofEpochMilli(T0 + 23 * HOUR)), audit.get("newest").asText());
        assertEquals(1, table(stats, "worker_heartbeats").get("rows").asLong());
        assertEquals(28, table(stats, "metrics_timeseries").get("rows").asLong());
        assertTrue(table(stats, "_observability_sources").get("oldest").isNull());

        JsonNode busiest = stats.get("busiest_series").get(0);
        assertEquals("latency", busiest.get("name").asText());
        assertEquals(24, busiest.get("points").asLong());
        assertEquals(PostgresOptions.DEFAULT_SERVICE, busiest.get("service").asText(), busiest.toString());

        assertEquals(List.of("liteobs.recorder.persisted audit 25.0 orders/orders-1",
                "liteobs.recorder.queued audit 3.0 orders/orders-1"), rows(stats.get("recorders")).stream()
                .map(row -> row.get("metric").asText() + " " + row.get("component").asText() + " "
                        + row.get("value").asDouble() + " " + row.get("service").asText() + "/"
                        + row.get("instance").asText())
                .sorted().toList());
    }

    @Test
    void exportMetrics_writesWhatTheStoreWrote_eachSeriesLabelledWithItsSource() throws Exception {
        try (PostgresStore store = PostgresStore.open(PostgresOptions.builder(url).service("orders")
                .instance("orders-2").build())) {
            // the same name and labels as the first source's series: told apart by the source's labels
            store.write(batch(point("latency", 99.5, T0 + 30 * 60_000)));
        }
        Path exported = dir.resolve("latency.om");

        Cli.Run run = Cli.at(NOW, "export", "metrics", "latency", "--file", url, "--since", "2d", "-o",
                exported.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        List<String> lines = Files.readAllLines(exported);
        assertEquals("# TYPE latency gauge", lines.get(0));
        assertEquals("# EOF", lines.get(lines.size() - 1));
        String first = "latency{instance=\"" + instanceOfTheDay() + "\",service=\""
                + PostgresOptions.DEFAULT_SERVICE + "\"}";
        List<String> expected = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            expected.add(first + " " + (double) hour + " " + seconds(T0 + hour * HOUR));
        }
        expected.add("latency{instance=\"orders-2\",service=\"orders\"} 99.5 " + seconds(T0 + 30 * 60_000));
        List<String> samples = lines.subList(1, lines.size() - 1);
        assertEquals(expected.stream().sorted().toList(), samples.stream().sorted().toList());
        assertEquals(expected.subList(0, 24), samples.stream().filter(line -> line.startsWith(first)).toList(),
                "one series' samples together, oldest first");
    }

    @Test
    void whatOnlyAFileHas_isRefusedInOneLine_sayingWhy() {
        for (List<String> command : List.of(List.of("query", "alerts", "--asc"),
                List.of("cleanup", "--keep", "audit=1d", "--vacuum"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--file", url));
            Cli.Run run = Cli.at(NOW, args.toArray(String[]::new));

            assertEquals(ExitCode.USAGE, run.exitCode(), command + ": " + run);
            assertOneLine(run, "not available over PostgreSQL");
        }
    }

    @Test
    void aRefusedConnection_exitsFour_inOneLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Cli.Run run = Cli.at(NOW, "liveness", "--file", "jdbc:postgresql://127.0.0.1:" + closedPort + "/liteobs");

        assertEquals(ExitCode.FILE_UNAVAILABLE, run.exitCode(), run.toString());
        assertOneLine(run, "127.0.0.1:" + closedPort + "/liteobs");
    }

    @Test
    void aUrlPgjdbcDoesNotAccept_isAUsageError_inOneLine() {
        Cli.Run run = Cli.at(NOW, "query", "audit", "--file", "jdbc:postgresql://db.internal:port/observability");

        assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
        assertOneLine(run, "jdbc:postgresql://db.internal:port/observability is not a URL pgjdbc accepts");
    }

    @Test
    void anUnknownDatabase_exitsFive_andAnEmptySchema_saysToOpenAStoreFirst() {
        String unknown = url.replaceFirst("/liteobs\\?", "/no_such_database?");
        Cli.Run run = Cli.at(NOW, "query", "audit", "--file", unknown);

        assertEquals(ExitCode.FILE_REFUSED, run.exitCode(), run.toString());
        assertOneLine(run, "no_such_database");

        Cli.Run empty = Cli.at(NOW, "query", "audit", "--file", postgres.createSchema());
        assertEquals(ExitCode.FILE_REFUSED, empty.exitCode(), empty.toString());
        assertOneLine(empty, "has no LiteObs tables");
    }

    @Test
    void aPasswordInTheUrl_isRefused_andAPasswordFileMustBeReadable() throws Exception {
        Cli.Run inUrl = Cli.at(NOW, "liveness", "--file", url + "&password=secret");
        assertEquals(ExitCode.USAGE, inUrl.exitCode(), inUrl.toString());
        assertOneLine(inUrl, "--password-file");
        assertFalse(inUrl.err().contains("secret"), "the password is not repeated");

        Path missing = dir.resolve("missing-password");
        Cli.Run unreadable = Cli.at(NOW, "liveness", "--file", url, "--password-file", missing.toString());
        assertEquals(ExitCode.FILE_UNAVAILABLE, unreadable.exitCode(), unreadable.toString());
        assertOneLine(unreadable, missing.toString());

        Path password = Files.writeString(dir.resolve("password"), "trusted-anyway\n");
        Cli.Run given = Cli.at(NOW, "liveness", "--file", url, "--password-file", password.toString(), "--quiet");
        assertEquals(ExitCode.OK, given.exitCode(), given.toString());
    }

    /** The instance name the store of the day registered, as the default service. */
    private String instanceOfTheDay() {
        try (PostgresReader reader = PostgresReader.open(PostgresOptions.of(url))) {
            return reader.sources().stream().filter(source -> source.service().equals(PostgresOptions.DEFAULT_SERVICE))
                    .findFirst().orElseThrow().instance();
        }
    }

    private int storedSchemaVersion() {
        try (Connection connection = DriverManager.getConnection(url);
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT value FROM _observability_metadata WHERE key = 'schema_version'")) {
            assertTrue(row.next());
            return Integer.parseInt(row.getString(1));
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }

    private static JsonNode table(JsonNode stats, String name) {
        return rows(stats.get("tables")).stream().filter(table -> table.get("table").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(name + " in " + stats.get("tables")));
    }

    private static List<JsonNode> rows(JsonNode section) {
        List<JsonNode> rows = new ArrayList<>();
        section.forEach(rows::add);
        return rows;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertOneLine(Cli.Run run, String part) {
        assertTrue(run.err().contains(part), "'" + part + "' in: " + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals("", run.out());
    }
}
