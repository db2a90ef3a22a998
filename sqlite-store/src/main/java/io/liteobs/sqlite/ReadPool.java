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
 * while the writer writes. The pool can be opened anew ({@link #reopen()}) when the file's state that SQLite keeps
 * for all of a process's connections has gone stale.
 */
final class ReadPool implements ReadConnections {

    /** The shortest time HikariCP accepts to wait for a free connection. */
    private static final long MIN_POOL_TIMEOUT_MILLIS = 250;

    private final Path file;
    private final HikariConfig settings;
    /** Replaced by {@link #reopen()}; guarded by this object's monitor for changes. */
    private volatile HikariPool pool;
    /** Checked before borrowing: a shut-down pool would make a query wait out the connection timeout. */
    private volatile boolean closed;

    private ReadPool(Path file, HikariConfig settings) {
        this.file = file;
        this.settings = settings;
        this.pool = start(file, settings);
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
        settings.validate();
        return new ReadPool(file, settings);
    }

    private static HikariPool start(Path file, HikariConfig settings) {
        try {
            return new HikariPool(settings);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE,
                    "opening the reading connections to " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T withConnection(SqlFunction<Connection, T> query) throws SQLException {
        while (true) {
            if (closed) {
                throw new SQLException("the reading connections are closed");
            }
            HikariPool current = pool;
            Connection connection;
            try {
                connection = current.getConnection();
            } catch (SQLException e) {
                if (current == pool) {
                    throw e;
                }
                continue; // the pool was opened anew meanwhile: ask the new one
            }
            try (connection) {
                return query.apply(connection);
            }
        }
    }

    /**
     * Closes every reading connection, then opens the pool anew. SQLite shares one view of the file's shared-memory
     * index ({@code -shm}) among all of a process's connections to it, and keeps it read-only, as it was first
     * opened, until the last of them closes: a store that opened while the file was read-only writes nothing after
     * it is writable again until then. A query running meanwhile may fail once. Does nothing after {@link #close()}.
     *
     * @throws StoreException of kind UNAVAILABLE when the new connections cannot be opened; the old ones are closed
     */
    synchronized void reopen() {
        if (closed) {
            return;
        }
        shutDown(pool);
        pool = start(file, settings);
    }

    @Override
    public synchronized void close() {
        closed = true;
        shutDown(pool);
    }

    private static void shutDown(HikariPool pool) {
        try {
            pool.shutdown();
        } catch (InterruptedException e) {
            // the pool closed its connections as far as it could; the caller's thread keeps its interrupt
            Thread.currentThread().interrupt();
        }
    }
}
