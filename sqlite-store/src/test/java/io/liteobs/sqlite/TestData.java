package io.liteobs.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC access to a store's file for its tests, as another process or an operator would have it. */
final class TestData {

    private TestData() {
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

    /** Writes the file as the release of that schema version wrote it; see {@link OlderFiles#write}. */
    static void writeFileAtVersion(Path file, int version, String... rows) throws SQLException {
        OlderFiles.write(file, version, rows);
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
