package io.liteobs.cli;

import static io.liteobs.cli.Cli.on;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.httpRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.HttpRequest;
import io.liteobs.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code liteobs slo} over one file: a day of {@code /orders} requests, one a minute and all answered 200, then in
 * the last five minutes 100 requests of {@code /pay}, 40 of them answered 503.
 */
class SloCommandTest {

    private static final long MINUTE = 60_000;
    private static final long NOW = T0 + 24 * 60 * MINUTE;

    @TempDir
    static Path dir;
    private static Path file;
    private static Path rules;

    @BeforeAll
    static void aDayOfTraffic() throws IOException {
        file = dir.resolve("obs.db");
        List<HttpRequest> requests = new ArrayList<>();
        for (long minute = 0; minute < 24 * 60; minute++) {
            requests.add(httpRequest("GET", "/orders", 200, 5_000, T0 + minute * MINUTE));
        }
        for (int i = 0; i < 100; i++) {
            requests.add(httpRequest("POST", "/pay", i < 40 ? 503 : 200, 5_000, NOW - 2 * MINUTE));
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batchOf(requests));
        }
        rules = Files.writeString(dir.resolve("slo.yaml"), """
                objectives:
                  - id: orders
                    http: availability
                    route: /orders
                    target: 99%
                  - id: pay
                    http: availability
                    route: /pay
                    target: 99%
                """);
    }

    @Test
    void healthyObjective_exitsZero_withItsFigures() {
        Cli.Run run = Cli.at(NOW, on(file, "slo", "--rules", rules.toString(), "--objective", "orders", "--json"));

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        JsonNode orders = run.json().get(0);
        assertEquals("orders", orders.get("objective").asText());
        assertEquals("none", orders.get("alert").asText());
        assertEquals(1.0, orders.get("sli").asDouble());
        assertEquals(1_440, orders.get("events").asLong());
        assertEquals(1.0, orders.get("budget_remaining").asDouble());
        assertEquals(0.0, orders.get("burn_1h").asDouble());
        assertEquals("30d", orders.get("window").asText());
    }

    @Test
    void pagingObjective_exitsThree_andExplainsWhatSpentTheBudget() {
        Cli.Run run = Cli.at(NOW, on(file, "slo", "--rules", rules.toString(), "--explain", "1h", "--json"));

        assertEquals(ExitCode.PAGE, run.exitCode(), run.toString());
        JsonNode pay = run.json().get("objectives").get(1);
        assertEquals("page", pay.get("alert").asText());
        assertEquals(0.4 / 0.01, pay.get("burn_5m").asDouble(), 1e-9);
        assertEquals(1 - 40 / (0.01 * 100), pay.get("budget_remaining").asDouble(), 1e-9);
        JsonNode contributor = run.json().get("contributors").get(0);
        assertEquals("pay", contributor.get("objective").asText());
        assertEquals("503", contributor.get("what").get("status").asText());
        assertEquals(40, contributor.get("bad_events").asLong());
        assertEquals(1.0, contributor.get("share").asDouble());
    }

    @Test
    void table_isTheDefault() {
        Cli.Run run = Cli.at(NOW, on(file, "slo", "--rules", rules.toString()));

        assertEquals(ExitCode.PAGE, run.exitCode());
        assertTrue(run.out().contains("burn_5m") && run.out().contains("pay"), run.out());
    }

    @Test
    void ruleFileProblems_areUsageErrors_namingTheFileAndTheField() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"),
                "objectives:\n  - {id: o, http: availability, target: 2}\n");
        Cli.Run run = Cli.at(NOW, on(file, "slo", "--rules", broken.toString()));
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("broken.yaml: objective 'o' (#1), field 'target'"), run.err());

        Path none = Files.writeString(dir.resolve("none.yaml"), "rules:\n  - {id: w, heartbeat: stale}\n");
        Cli.Run empty = Cli.at(NOW, on(file, "slo", "--rules", none.toString()));
        assertEquals(ExitCode.USAGE, empty.exitCode());
        assertTrue(empty.err().contains("holds no objective"), empty.err());

        Cli.Run unknown = Cli.at(NOW, on(file, "slo", "--rules", rules.toString(), "--objective", "nope"));
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("holds no objective 'nope'; it holds [orders, pay]"), unknown.err());
    }
}
