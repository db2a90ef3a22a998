package io.liteobs.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The insert of one kind of entry: one prepared statement, a JDBC batch of one row per entry, which pgjdbc sends as
 * multi-row inserts ({@code reWriteBatchedInserts}, which {@link PostgresOptions} turns on). Unlike COPY it takes an
 * {@code ON CONFLICT} clause, which makes a batch written twice store its entries once; measured against an insert
 * of arrays in docs/postgres-store.md. Every row also gets the writer's {@code source_id}.
 *
 * @param <T> the entry a row is made from
 */
final class BatchInsert<T> {

    /** A column: its name, and how its value is taken from an entry (null for SQL NULL). */
    record Column<T>(String name, Function<T, @Nullable Object> value) {
    }

    private final String sql;
    private final List<Column<T>> columns;

    /**
     * @param table      the table
     * @param onConflict what follows the insert, such as {@code ON CONFLICT (entry_id) DO NOTHING}; may be empty
     * @param columns    every column but {@code source_id}
     */
    BatchInsert(String table, String onConflict, List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
        this.sql = "INSERT INTO " + table + " (source_id, "
                + columns.stream().map(Column::name).collect(Collectors.joining(", "))
                + ") VALUES (?, " + String.join(", ", Collections.nCopies(columns.size(), "?")) + ") " + onConflict;
    }

    /** Inserts one row per entry, in order. */
    void insert(Connection connection, int sourceId, List<T> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (T entry : entries) {
                insert.setInt(1, sourceId);
                for (int c = 0; c < columns.size(); c++) {
                    insert.setObject(c + 2, columns.get(c).value().apply(entry));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
