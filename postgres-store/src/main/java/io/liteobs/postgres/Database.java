package io.liteobs.postgres;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.liteobs.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool of a store or reader, and the one place where JDBC work runs: every call borrows a connection,
 * runs, and turns any failure into a {@link StoreException} by its SQLSTATE ({@link SqlErrors}). Work that fails for
 * a reason that a fresh connection or a second try can cure (a lost connection, a deadlock victim, a server
 * restarting) is run again, up to {@value #ATTEMPTS} times in all, backing off between tries.
 */
final class Database implements AutoCloseable {

    /** How many times a call is tried before its failure reaches the caller. */
    static final int ATTEMPTS = 3;
    /** The pause before the second try; doubled before each further one. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final String name;
    private final HikariDataSource pool;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(String name, HikariDataSource pool) {
        this.name = name;
        this.pool = pool;
    }

    /**
     * Opens the pool and its first connection.
     *
     * @throws StoreException of kind UNAVAILABLE when the server cannot be reached, INCOMPATIBLE when it refuses
     *                        the credentials or has no such database
     */
    static Database open(PostgresOptions options, String poolName, boolean readOnly) {
        try {
            return new Database(options.databaseName(), new HikariDataSource(options.poolConfig(poolName, readOnly)));
        } catch (HikariPool.PoolInitializationException e) {
            String action = options.user() == null ? "connecting" : "connecting as " + options.user();
            if (e.getCause() instanceof SQLException cause) {
                throw SqlErrors.translate(options.databaseName(), action, cause);
            }
            throw new StoreException(StoreException.Kind.UNAVAILABLE, action + " to " + options.databaseName()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** The database, for messages. */
    String name() {
        return name;
    }

    /** Runs {@code work} on a connection in auto-commit mode: each statement sees the latest commits. */
    <T> T read(String action, SqlFunction<Connection, T> work) {
        return run(action, work, false, () -> { });
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns. When it fails, the transaction is rolled
     * back and {@code onRollback} runs, before the next try or before the failure is thrown.
     */
    <T> T inTransaction(String action, SqlFunction<Connection, T> work, Runnable onRollback) {
        return run(action, work, true, onRollback);
    }

    private <T> T run(String action, SqlFunction<Connection, T> work, boolean transaction, Runnable onRollback) {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            ensureOpen();
            try {
                return runOnce(work, transaction, onRollback);
            } catch (SQLException e) {
                if (closed.get()) {
                    throw SqlErrors.closed(name);
                }
                if (attempt == ATTEMPTS || !SqlErrors.isTransient(e)) {
                    throw SqlErrors.translate(name, action, e);
                }
                log.debug("LiteObs store {}: {} failed ({}), trying again in {} ms", name, action, e.getMessage(),
                        backoff.toMillis());
                pause(backoff, action);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private <T> T runOnce(SqlFunction<Connection, T> work, boolean transaction, Runnable onRollback)
            throws SQLException {
        try (Connection connection = pool.getConnection()) {
            if (!transaction) {
                return work.apply(connection);
            }
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                onRollback.run();
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // A lost connection cannot roll back, and needs not: the server ended the transaction with it.
            failure.addSuppressed(e);
        }
    }

    private void pause(Duration backoff, String action) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.UNAVAILABLE, action + " on " + name
                    + " was interrupted while waiting to try again", e);
        }
    }

    void ensureOpen() {
        if (closed.get()) {
            throw SqlErrors.closed(name);
        }
    }

    /** Closes the pool, once its connections are back; idempotent. */
    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            pool.close();
        }
    }
}
