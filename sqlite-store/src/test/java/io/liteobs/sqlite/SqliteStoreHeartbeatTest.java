package io.liteobs.sqlite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
    void latestHeartbeats_readsTheWorkerIndex_neverTheWholeTable() {
        List<String> plan = store.read("query plan", connection -> {
            List<String> steps = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("EXPLAIN QUERY PLAN " + HeartbeatTable.latestPerWorkerSql(StoredSchema.current()))) {
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
