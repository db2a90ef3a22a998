package io.liteobs.cli;

import static io.liteobs.cli.Cli.on;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.heartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers beating every 10 s (the kit's heartbeat): stale once their latest beat is over 30 s old. */
class LivenessCommandTest {

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void twoWorkers() {
        file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(heartbeat("orders", T0), heartbeat("payments", T0), heartbeat("orders", T0 + 20_000)));
        }
    }

    @Test
    void everyWorkerAlive_exitsZero_andTheJsonSaysWhoAndHowOld() {
        Cli.Run run = Cli.at(T0 + 25_000, on(file, "liveness", "--json"));

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        JsonNode workers = run.json();
        assertEquals(2, workers.size());
        assertEquals("orders", workers.get(0).get("worker").asText());
        assertEquals("alive", workers.get(0).get("status").asText());
        assertEquals(5_000, workers.get(0).get("age_ms").asLong());
        assertEquals(30_000, workers.get(0).get("stale_after_ms").asLong());
        assertEquals(10_000, workers.get(0).get("interval_ms").asLong());
        assertEquals(Values.ISO_UTC.format(java.time.Instant.ofEpochMilli(T0 + 20_000)),
                workers.get(0).get("last_beat").asText());
        assertEquals(25_000, workers.get(1).get("age_ms").asLong());
    }

    @Test
    void oneWorkerStale_exitsOne_andTheTableSaysWhich() {
        Cli.Run run = Cli.at(T0 + 40_000, on(file, "liveness"));

        assertEquals(ExitCode.STALE, run.exitCode(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("worker"), run.out());
        assertTrue(lines.get(1).matches("orders +alive .*"), run.out());
        assertTrue(lines.get(2).matches("payments +stale .*"), run.out());
    }

    @Test
    void onlyTheNamedWorkersAreJudged() {
        assertEquals(ExitCode.OK, Cli.at(T0 + 40_000, on(file, "liveness", "orders")).exitCode());
        assertEquals(ExitCode.STALE, Cli.at(T0 + 40_000, on(file, "liveness", "orders", "payments")).exitCode());
    }

    @Test
    void staleAfter_replacesThreeIntervals() {
        assertEquals(ExitCode.STALE, Cli.at(T0 + 25_000, on(file, "liveness", "--stale-after", "4s")).exitCode());
        assertEquals(ExitCode.OK, Cli.at(T0 + 40_000, on(file, "liveness", "--stale-after", "1m")).exitCode());
    }

    @Test
    void aWorkerNeverSeen_exitsThree_evenWhenAnotherIsStale() {
        Cli.Run run = Cli.at(T0 + 40_000, on(file, "liveness", "payments", "billing", "--csv"));

        assertEquals(ExitCode.NEVER_SEEN, run.exitCode(), run.toString());
        List<List<String>> rows = run.csv();
        assertEquals(List.of("worker", "status", "last_beat", "age_ms", "interval_ms", "stale_after_ms", "host", "pid"),
                rows.get(0));
        assertEquals(List.of("payments", "stale"), rows.get(1).subList(0, 2));
        assertEquals(List.of("billing", "never seen", "", "", "", "", "", ""), rows.get(2));
    }

    @Test
    void aFileWithoutHeartbeats_exitsThree_andSaysSo() {
        Path empty = dir.resolve("empty.db");
        SqliteStore.open(empty).close();

        Cli.Run run = Cli.at(T0, on(empty, "liveness"));

        assertEquals(ExitCode.NEVER_SEEN, run.exitCode(), run.toString());
        assertTrue(run.err().contains(empty + " holds no heartbeat"), run.err());
    }

    @Test
    void quiet_printsNothing_andTheExitCodeStillTells() {
        Cli.Run run = Cli.at(T0 + 40_000, on(file, "liveness", "--quiet"));

        assertEquals(ExitCode.STALE, run.exitCode());
        assertEquals("", run.out());
        assertEquals("", run.err());
    }
}
