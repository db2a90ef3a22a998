package io.liteobs.cli;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.alert;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liteobs.postgres.PostgresStore;
import io.liteobs.postgres.ThrowawayPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void whatOnlyAFileHas_isRefusedInOneLine_sayingWhy() {
        for (List<String> command : List.of(List.of("stats"), List.of("export", "metrics"),
List.of("query", "alerts", "--asc"),
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

    private static void assertOneLine(Cli.Run run, String part) {
        assertTrue(run.err().contains(part), "'" + part + "' in: " + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals("", run.out());
    }
}
