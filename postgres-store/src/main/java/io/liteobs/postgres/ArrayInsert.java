package io.liteobs.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A multi-row insert of any number of rows in one statement with a fixed number of parameters: each column travels
 * as one array, and {@code unnest} turns the arrays back into rows, in order. The statement text never changes with
 * the batch size, so the server plans it once per connection; and unlike COPY it takes an {@code ON CONFLICT}
 * clause, which makes a batch written twice store its entries once. Every row also gets the writer's
 * {@code source_id}.
 *
 * @param <T> the entry a row is made from
 */
final class ArrayInsert<T> {

    /** A column: its name, its PostgreSQL element type, and how a value is taken from an entry. */
    record Column<T>(String name, String type, Function<T, @Nullable Object> value) {
    }

    private final String sql;
    private final List<Column<T>> columns;

    /**
     * @param table      the table
     * @param onConflict what follows the insert, such as {@code ON CONFLICT (entry_id) DO NOTHING}; may be empty
     * @param columns    every column but {@code source_id}
     */
    ArrayInsert(String table, String onConflict, List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
        this.sql = "INSERT INTO " + table + " (source_id, "
                + columns.stream().map(Column::name).collect(Collectors.joining(", "))
                + ") SELECT ?, * FROM unnest("
                + columns.stream().map(column -> "?::" + column.type() + "[]").collect(Collectors.joining(", "))
                + ") " + onConflict;
    }

    /** Inserts one row per entry, in order. */
    void insert(Connection connection, int sourceId, List<T> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setInt(1, sourceId);
            for (int c = 0; c < columns.size(); c++) {
                Column<T> column = columns.get(c);
                Object[] values = new Object[entries.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = column.value().apply(entries.get(i));
                }
                insert.setArray(c + 2, connection.createArrayOf(column.type(), values));
            }
            insert.executeUpdate();
        }
    }
}
