package io.liteobs.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.pool.HikariPool;
import io.liteobs.spi.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteConfig;

/**
 * The store's reading connections: a HikariCP pool beside the one writing connection, which WAL mode lets read
 * while the writer writes.
 */
final class ReadPool implements ReadConnections {

    /** The shortest time HikariCP accepts to wait for a free connection. */
    private static final long MIN_POOL_TIMEOUT_MILLIS = 250;

    private final HikariPool pool;
    /** Checked before borrowing: a shut-down pool would make a query wait out the connection timeout. */
    private volatile boolean closed;

    private ReadPool(HikariPool pool) {
        this.pool = pool;
    }

    /**
     * Opens {@code size} reading connections with the pragmas of {@code config}, the writing connection's.
     *
     * @param busyTimeout how long a query waits for a free connection (at least 250 ms)
     * @throws StoreException of kind UNAVAILABLE when the connections cannot be opened
     */
    static ReadPool open(Path file, SQLiteConfig config, int size, Duration busyTimeout) {
        HikariConfig settings = new HikariConfig();
        settings.setPoolName("liteobs-read-" + file.getFileName());
        settings.setDriverClassName(org.sqlite.JDBC.class.getName());
        settings.setJdbcUrl(DatabaseFile.jdbcUrl(file));
        // The same pragmas as the writing connection: toProperties() returns the config's own table, not a copy;
        // setDataSourceProperties copies its entries into the pool's own properties.
        settings.setDataSourceProperties(config.toProperties());
        // Queries only: a reading connection cannot change the file, whatever SQL reaches it.
        settings.setConnectionInitSql("PRAGMA query_only = ON");
        settings.setMaximumPoolSize(size);
        // A query waits for a free reading connection as long as a write waits for the lock.
        settings.setConnectionTimeout(Math.max(MIN_POOL_TIMEOUT_MILLIS, busyTimeout.toMillis()));
        // Quiet at INFO on every open and close, so a service's log is not filled with them: HikariDataSource logs
        // "Starting...", "Start completed", "Shutdown initiated..." and "Shutdown completed" at INFO, so the pool is
        // made without it; and the pool logs its first connection at INFO unless it keeps no idle minimum, so
        // connections are opened by the queries that need them (and closed after ten idle minutes). Its start still
        // opens one connection to check the file, and its warnings and errors are logged as before.
        settings.setMinimumIdle(0);
        try {
            settings.validate();
            return new ReadPool(new HikariPool(settings));
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE,
                    "opening the reading connections to " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T withConnection(SqlFunction<Connection, T> query) throws SQLException {
        if (closed) {
            throw new SQLException("the reading connections are closed");
        }
        try (Connection connection = pool.getConnection()) {
            return query.apply(connection);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            pool.shutdown();
        } catch (InterruptedException e) {
            // the pool closed its connections as far as it could; the caller's thread keeps its interrupt
            Thread.currentThread().interrupt();
        }
    }
}
