package io.liteobs.postgres;

import io.liteobs.spi.StoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jspecify.annotations.Nullable;

/**
 * Turns JDBC failures into {@link StoreException}s by their SQLSTATE, whose kind tells core's writer what to do
 * next: it tries an {@code UNAVAILABLE} batch again, writes a {@code REJECTED_DATA} batch entry by entry, and counts
 * an {@code INCOMPATIBLE} batch as failed without retrying it. The mapping:
 *
 * <ul>
 *   <li>Class 23 (integrity constraint: a required field is null), class 22 (data exception: a value out of range,
 *       text with a NUL character, an invalid number): {@code REJECTED_DATA}, the entry's content is refused.</li>
 *   <li>{@code 42P01} undefined table, {@code 42703} undefined column, {@code 42883} undefined function: {@code
 *       INCOMPATIBLE}; the schema is not the one this LiteObs wrote, and retrying cannot help.</li>
 *   <li>{@code 28xxx} (authentication) and {@code 3D000} (no such database): {@code INCOMPATIBLE} as well; the
 *       settings are wrong, and the message says which.</li>
 *   <li>Everything else, among them class 08 (connection lost or refused), {@code 40001} and {@code 40P01}
 *       (serialization failure, deadlock), {@code 53xxx} (disk full, too many connections), {@code 57P0x} (server
 *       shutting down or starting), {@code 25006} (read-only transaction: a standby after a failover) and a pool
 *       timeout: {@code UNAVAILABLE}, for now.</li>
 * </ul>
 */
final class SqlErrors {

    private SqlErrors() {
    }

    /**
     * The store exception for a failed operation.
     *
     * @param database the database, as {@link PostgresOptions#databaseName()} names it
     * @param action   what failed, for example {@code "write of 12 entries"}
     */
    static StoreException translate(String database, String action, SQLException e) {
        String state = sqlState(e);
        String failure = action + " failed on " + database + " (SQLSTATE " + (state == null ? "none" : state) + "): "
                + e.getMessage();
        if (state == null) {
            return new StoreException(StoreException.Kind.UNAVAILABLE, failure, e);
        }
        if (state.startsWith("23") || state.startsWith("22")) {
            return new StoreException(StoreException.Kind.REJECTED_DATA, failure, e);
        }
        if (state.equals("42P01") || state.equals("42703") || state.equals("42883")) {
            return new StoreException(StoreException.Kind.INCOMPATIBLE, failure + ". The tables are not those this"
                    + " LiteObs created: something else changed them. Restore them, or point the store at another"
                    + " database or schema (the currentSchema parameter of the JDBC URL).", e);
        }
        if (state.startsWith("28") || state.equals("3D000")) {
            return new StoreException(StoreException.Kind.INCOMPATIBLE, failure + ". Check the JDBC URL, user and"
                    + " password given to PostgresOptions.", e);
        }
        return new StoreException(StoreException.Kind.UNAVAILABLE, failure, e);
    }

    /**
     * Whether the same transaction, tried again on a fresh connection, may succeed: the connection was lost or
     * could not be had, or the server chose this transaction as a deadlock's or a serialization conflict's victim.
     */
    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        String state = sqlState(e);
        return state != null && (state.startsWith("08") || state.equals("40001") || state.equals("40P01")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") || state.equals("53300"));
    }

    /** The store is closed. */
    static StoreException closed(String database) {
        return new StoreException(StoreException.Kind.CLOSED, "the LiteObs store of " + database + " is closed",
                null);
    }

    /** The first SQLSTATE along the chain of causes and next exceptions. */
    private static @Nullable String sqlState(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                if (sql.getSQLState() != null) {
                    return sql.getSQLState();
                }
                SQLException next = sql.getNextException();
                if (next != null && next.getSQLState() != null) {
                    return next.getSQLState();
                }
            }
        }
        return null;
    }
}
