package io.liteobs.sqlite;

import static io.liteobs.sqlite.TestData.T0;
import static io.liteobs.sqlite.TestData.batch;
import static io.liteobs.sqlite.TestData.batchOf;
import static io.liteobs.sqlite.TestData.heartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Heartbeat;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreHeartbeatTest {

    @TempDir
    Path dir;
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("obs.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void latestHeartbeat_isTheNewestBeatOfThatWorker() {
        store.write(batch(heartbeat("w-1", T0 + 20), heartbeat("w-1", T0 + 30), heartbeat("w-1", T0 + 10),
                heartbeat("w-2", T0 + 40)));

        assertEquals(Optional.of(heartbeat("w-1", T0 + 30)), store.latestHeartbeat("w-1"));
        assertEquals(Optional.empty(), store.latestHeartbeat("w-3"));
    }

    @Test
    void latestHeartbeats_isOneBeatPerWorker_forAThousandWorkers() {
        int workers = 1_000;
        for (int beat = 0; beat < 3; beat++) {
            List<Object> beats = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                beats.add(heartbeat(String.format("w-%04d", w), T0 + beat * 10_000L + w));
            }
            store.write(batchOf(beats));
        }

        List<Heartbeat> latest = store.latestHeartbeats();

        assertEquals(workers, latest.size());
        for (int w = 0; w < workers; w++) {
            assertEquals(heartbeat(String.format("w-%04d", w), T0 + 20_000L + w), latest.get(w));
        }
    }

    @Test
    void latestHeartbeats_readsTheWorkerIndex_neverTheWholeTable() {
        List<String> plan = store.read("query plan", connection -> {
            List<String> steps = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("EXPLAIN QUERY PLAN " + HeartbeatTable.LATEST_PER_WORKER)) {
                while (rows.next()) {
                    steps.add(rows.getString("detail"));
                }
            }
            return steps;
        });

        assertTrue(plan.stream().anyMatch(step -> step.contains("idx_worker_heartbeats_worker_timestamp")),
                plan::toString);
        assertTrue(plan.stream().filter(step -> step.startsWith("SCAN")).allMatch(step -> step.equals("SCAN workers")),
                plan::toString);
    }
}
