package io.liteobs.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Plain JDBC on a database file, as an operator's tool or another process would read it. */
final class Db {

    private Db() {
    }

    static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    /** The first column of the first row, as a long. */
    static long count(Path file, String sql) throws SQLException {
        try (Connection connection = connect(file); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The first column of every row, as text. */
    static List<String> column(Path file, String sql) throws SQLException {
        try (Connection connection = connect(file); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    static Set<String> columnSet(Path file, String sql) throws SQLException {
        return new HashSet<>(column(file, sql));
    }

    /** {@code PRAGMA integrity_check}: {@code [ok]} for a sound file, the list of problems otherwise. */
    static List<String> integrityCheck(Path file) throws SQLException {
        return column(file, "PRAGMA integrity_check");
    }
}
