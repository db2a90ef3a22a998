package io.liteobs.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The writing connection with its prepared statements, each prepared once and reused by every batch. Used only by
 * the thread that holds {@link WriteConnection}'s lock.
 */
final class WriteSession implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    WriteSession(Connection connection) {
        this.connection = connection;
    }

    /** The connection, for one-off statements such as migrations. */
    Connection connection() {
        return connection;
    }

    /** The prepared statement for this SQL, prepared on first use. */
    PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Sets the parameters of one row. */
    @FunctionalInterface
    interface RowBinder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** Executes the statement once per row, as one JDBC batch; does nothing for no rows. */
    <T> void executeBatch(String sql, Collection<T> rows, RowBinder<? super T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        PreparedStatement statement = prepared(sql);
        for (T row : rows) {
            binder.bind(statement, row);
            statement.addBatch();
        }
        statement.executeBatch();
    }

    /** Runs a statement without parameters, such as {@code BEGIN IMMEDIATE}. */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Drops the prepared statements after a failed transaction, rows added to a batch but not executed included:
     * a statement that failed while stepping can be left unusable ("statement is not executing"), so the next
     * transaction prepares afresh.
     */
    void dropStatements() throws SQLException {
        try {
            for (PreparedStatement statement : statements.values()) {
                statement.clearBatch();
                statement.close();
            }
        } finally {
            statements.clear();
        }
    }

    /** Closes the statements and the connection; an open transaction is rolled back by SQLite. */
    @Override
    public void close() throws SQLException {
        try {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
        } finally {
            statements.clear();
            connection.close();
        }
    }
}
