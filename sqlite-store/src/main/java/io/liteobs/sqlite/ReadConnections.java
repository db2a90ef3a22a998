package io.liteobs.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where {@link SqliteReader}'s queries get a connection: the store's pool ({@link ReadPool}), or read-only
 * connections to a file that this process must not change ({@link ReadOnlyFile}). Either way the connection can
 * only query.
 */
interface ReadConnections extends AutoCloseable {

    /** Runs {@code query} on a reading connection, which is given back (or closed) when it returns. */
    <T> T withConnection(SqlFunction<Connection, T> query) throws SQLException;

    /** Closes what the source holds open; later calls of {@link #withConnection} fail. Idempotent. */
    @Override
    void close();
}
