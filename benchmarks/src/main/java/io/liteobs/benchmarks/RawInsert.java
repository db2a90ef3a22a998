package io.liteobs.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * The raw ceiling's INSERT into one table, made from the table the store created ({@code PRAGMA table_info}), so
 * that raw rows fill the columns library rows fill whatever the schema becomes, without reaching into the store's
 * code. Every column must get a value from the harness, except a row id, which SQLite assigns: a column the
 * harness leaves out, or names and the table lacks, stops the run naming it, rather than letting the ceiling
 * measure rows of another shape.
 */
final class RawInsert {

    private final String sql;
    /** The value of each bound column for a row, in the statement's order. */
    private final List<LongFunction<?>> values;

    private RawInsert(String sql, List<LongFunction<?>> values) {
        this.sql = sql;
        this.values = values;
    }

    /**
     * @param valuesByColumn the value each column takes in row {@code i}, by column name
     * @throws IllegalStateException naming a column of the table the map leaves out, or one it names that the
     *                               table lacks
     */
    static RawInsert into(Connection connection, String table, Map<String, LongFunction<?>> valuesByColumn)
            throws SQLException {
        List<Column> columns = columnsOf(connection, table);
        long keyColumns = columns.stream().filter(Column::primaryKey).count();
        List<String> bound = new ArrayList<>();
        List<LongFunction<?>> values = new ArrayList<>();
        for (Column column : columns) {
            LongFunction<?> value = valuesByColumn.get(column.name());
            // a table's own INTEGER PRIMARY KEY is its row id, which SQLite assigns when the insert leaves it out
            boolean rowId = keyColumns == 1 && column.primaryKey() && column.type().equalsIgnoreCase("INTEGER");
            if (value != null) {
                bound.add(column.name());
                values.add(value);
            } else if (!rowId) {
                throw new IllegalStateException("the raw insert into " + table + " gives column " + column.name()
                        + " no value: give it the value the library writes");
            }
        }
        TreeSet<String> unknown = new TreeSet<>(valuesByColumn.keySet());
        bound.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("table " + table + " has no column " + String.join(", ", unknown)
                    + ": the store's schema changed, so change the raw insert with it");
        }
        return new RawInsert("INSERT INTO " + table + " (" + String.join(", ", bound) + ") VALUES ("
                + String.join(", ", Collections.nCopies(bound.size(), "?")) + ")", List.copyOf(values));
    }

    private record Column(String name, String type, boolean primaryKey) {
    }

    private static List<Column> columnsOf(Connection connection, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (row.next()) {
                columns.add(new Column(row.getString("name"), row.getString("type"), row.getInt("pk") > 0));
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("no table " + table + " in the file: was it created by the store?");
        }
        return columns;
    }

    /** The INSERT statement, one placeholder a column. */
    String sql() {
        return sql;
    }

    /** Sets the parameters of {@code insert}, a statement of {@link #sql()}, to row {@code row}. */
    void bind(PreparedStatement insert, long row) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            insert.setObject(i + 1, values.get(i).apply(row));
        }
    }
}
