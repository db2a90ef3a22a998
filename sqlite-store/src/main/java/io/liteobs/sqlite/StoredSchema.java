package io.liteobs.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The tables, columns and indexes a file holds, read once when a reader opens it. A file written by an older release
 * lacks what later schema versions added; queries ask this object what is there instead of switching on the version
 * number, so a new version's columns and tables need only their fallback in {@link Schema#readWithout}. A column a
 * file lacks reads as the file's rows would read after migration (NULL, or what the migration fills in); a table it
 * lacks reads as empty.
 */
final class StoredSchema {

    private final int version;
    /** Column names by table; null for a file migrated to this library's version, which holds everything. */
    private final @Nullable Map<String, Set<String>> columnsByTable;
    private final Set<String> indexes;

    private StoredSchema(int version, @Nullable Map<String, Set<String>> columnsByTable, Set<String> indexes) {
        this.version = version;
        this.columnsByTable = columnsByTable;
        this.indexes = indexes;
    }

    /** The schema of a file the store has just migrated to {@link Migrations#LATEST_VERSION}: everything is there. */
    static StoredSchema current() {
        return new StoredSchema(Migrations.LATEST_VERSION, null, Set.of());
    }

    /** Reads the tables, their columns and the indexes of the file, in two queries; only reads. */
    static StoredSchema read(Connection connection, int version) throws SQLException {
        Map<String, Set<String>> columns = new HashMap<>();
        Set<String> indexes = new HashSet<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT t.name, c.name FROM sqlite_schema t,"
                    + " pragma_table_info(t.name) c WHERE t.type = 'table'")) {
                while (rows.next()) {
                    columns.computeIfAbsent(rows.getString(1), table -> new HashSet<>()).add(rows.getString(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'index'")) {
                while (rows.next()) {
                    indexes.add(rows.getString(1));
                }
            }
        }
        return new StoredSchema(version, columns, indexes);
    }

    /** The schema version stored in the file. */
    int version() {
        return version;
    }

    boolean hasTable(String table) {
        return columnsByTable == null || columnsByTable.containsKey(table);
    }

    boolean hasIndex(String index) {
        return columnsByTable == null || indexes.contains(index);
    }

    /**
     * The column as SQL for a condition or an ordering: its name where the file has it, else what its rows read as
     * without it ({@link Schema#readWithout}).
     */
    String column(String table, String column) {
        Set<String> columns = columnsByTable == null ? null : columnsByTable.get(table);
        return columns == null || columns.contains(column) ? column : Schema.readWithout(table, column);
    }

    /** A SELECT list of the columns, each one the file lacks as its fallback under the column's name. */
    String select(String table, String... columns) {
        return Arrays.stream(columns).map(column -> {
            String expression = column(table, column);
            return expression.equals(column) ? column : expression + " AS " + column;
        }).collect(Collectors.joining(", "));
    }
}
