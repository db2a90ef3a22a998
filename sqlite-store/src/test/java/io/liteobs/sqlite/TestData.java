package io.liteobs.sqlite;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Heartbeat;
import io.liteobs.Labels;
import io.liteobs.MetricDescription;
import io.liteobs.MetricPoint;
import io.liteobs.spi.WriteBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Entries, batches and plain JDBC access for the store's tests. */
final class TestData {

    /** An arbitrary recent instant, so that tests never depend on the clock. */
    static final long T0 = 1_760_000_000_000L;

    private TestData() {
    }

    static AuditEntry.Builder audit(String id, long timestampMillis) {
        return AuditEntry.builder("orders", "cancel").id(id).timestamp(Instant.ofEpochMilli(timestampMillis));
    }

    static BusinessEvent.Builder event(String id, long timestampMillis) {
        return BusinessEvent.builder("order.created", "checkout").id(id)
                .timestamp(Instant.ofEpochMilli(timestampMillis));
    }

    static Heartbeat heartbeat(String workerId, long timestampMillis) {
        return new Heartbeat(workerId, "host-1", 4242, timestampMillis, 10_000, 31, 1_000_000, 2_000_000,
                4_000_000, 500_000, 12, 340, 0.25, 60_000);
    }

    static MetricPoint point(String name, double value, long timestampMillis, String... labels) {
        return new MetricPoint(name, value, "ms", Labels.of(labels), timestampMillis);
    }

    /** A batch holding the given entries, each sorted into its list by type. */
    static WriteBatch batch(Object... entries) {
        return batchOf(List.of(entries));
    }

    static WriteBatch batchOf(List<?> entries) {
        WriteBatch.Buffer batch = WriteBatch.buffer();
        for (Object entry : entries) {
            if (entry instanceof AuditEntry audit) {
                batch.audit().add(audit);
            } else if (entry instanceof BusinessEvent event) {
                batch.events().add(event);
            } else if (entry instanceof Heartbeat heartbeat) {
                batch.heartbeats().add(heartbeat);
            } else if (entry instanceof MetricPoint point) {
                batch.metrics().add(point);
            } else if (entry instanceof MetricDescription description) {
                batch.descriptions().add(description);
            } else {
                throw new IllegalArgumentException("not an entry: " + entry);
            }
        }
        return batch.batch();
    }

    /** A plain JDBC connection to the file, as another process would have. */
    static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    static void execute(Path file, String... statements) throws SQLException {
        try (Connection connection = connect(file); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Every row, each as its columns' text. */
    static List<List<String>> rows(Path file, String query) throws SQLException {
        try (Connection connection = connect(file); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<List<String>> values = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    row.add(rows.getString(column));
                }
                values.add(row);
            }
            return values;
        }
    }

    /** The first column of every row. */
    static List<String> column(Path file, String query) throws SQLException {
        try (Connection connection = connect(file); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
