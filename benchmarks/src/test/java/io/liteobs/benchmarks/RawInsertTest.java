package io.liteobs.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw ceiling's INSERT follows the schema the store created, and stops the run when the two part ways. */
class RawInsertTest {

    @TempDir
    Path dir;

    /** Every column of the store's event table but its row id, as the harness fills them. */
    private static Map<String, LongFunction<?>> eventColumns() {
        Map<String, LongFunction<?>> columns = new HashMap<>();
        for (String text : new String[] {"event_id", "event_type", "service", "entity_type", "entity_id", "user_id",
                "action", "details"}) {
            columns.put(text, i -> text + "-" + i);
        }
        columns.put("timestamp", i -> 1_000 + i);
        columns.put("success", i -> 1);
        return columns;
    }

    @Test
    void insert_fillsEveryColumnOfTheStoresTable_andSqliteAssignsTheRowId() throws SQLException {
        try (BenchFiles files = BenchFiles.existing(dir);
             Connection connection = BenchFiles.rawConnection(files.newFile("events", true))) {
            RawInsert insert = RawInsert.into(connection, "business_event_logs", eventColumns());
            assertTrue(insert.sql().startsWith("INSERT INTO business_event_logs (event_id, timestamp, event_type,"),
                    insert.sql());
            try (PreparedStatement statement = connection.prepareStatement(insert.sql())) {
                insert.bind(statement, 7);
                statement.executeUpdate();
            }
            try (Statement query = connection.createStatement();
                 ResultSet row = query.executeQuery("SELECT id, event_id, timestamp, details FROM business_event_logs")) {
                assertTrue(row.next());
                assertEquals(1, row.getLong("id"));
                assertEquals("event_id-7", row.getString("event_id"));
                assertEquals(1_007, row.getLong("timestamp"));
                assertEquals("details-7", row.getString("details"));
            }
        }
    }

    @Test
    void aColumnTheHarnessLeavesOut_stopsTheRun_namingIt() throws SQLException {
        Map<String, LongFunction<?>> columns = eventColumns();
        columns.remove("service");
        try (BenchFiles files = BenchFiles.existing(dir);
             Connection connection = BenchFiles.rawConnection(files.newFile("events", true))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> RawInsert.into(connection, "business_event_logs", columns));
            assertTrue(e.getMessage().contains("column service"), e.getMessage());
        }
    }

    @Test
    void aColumnTheTableLacks_stopsTheRun_namingIt() throws SQLException {
        Map<String, LongFunction<?>> columns = eventColumns();
        columns.put("tenant", i -> "t");
        try (BenchFiles files = BenchFiles.existing(dir);
             Connection connection = BenchFiles.rawConnection(files.newFile("events", true))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> RawInsert.into(connection, "business_event_logs", columns));
            assertTrue(e.getMessage().contains("no column tenant"), e.getMessage());
        }
    }
}
