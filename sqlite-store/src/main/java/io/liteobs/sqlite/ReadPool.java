package io.liteobs.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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

    private final HikariDataSource pool;

    private ReadPool(HikariDataSource pool) {
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
        try {
            return new ReadPool(new HikariDataSource(settings));
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE,
                    "opening the reading connections to " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T withConnection(SqlFunction<Connection, T> query) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return query.apply(connection);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
