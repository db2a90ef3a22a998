package io.liteobs.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;

/**
 * The store's one writing connection. Every write runs under one lock, in a transaction opened explicitly with
 * {@code BEGIN IMMEDIATE} when there is something to write, so the connection never holds SQLite's write lock while
 * idle (sqlite-jdbc's {@code transaction_mode=IMMEDIATE} with auto-commit off would: its {@code commit()} opens the
 * next transaction at once). A failed transaction is rolled back; when even the rollback fails, the connection is
 * dropped and the next transaction opens a fresh one.
 */
final class WriteConnection implements AutoCloseable {

    /**
     * The longest a checkpoint waits for the readers of the moment (and for other writers), holding up this store's
     * writes and other processes' meanwhile.
     */
    static final Duration CHECKPOINT_WAIT = Duration.ofMillis(200);

    private static final Logger log = LoggerFactory.getLogger(WriteConnection.class);

    /** The modes of {@code PRAGMA wal_checkpoint}. */
    enum Checkpoint {
        /** Copies what no reader still needs into the database file; never waits. */
        PASSIVE,
        /** Copies everything, waiting for readers, so that the next commit starts the log over. */
        RESTART,
        /** As RESTART, and truncates the log file to nothing. */
        TRUNCATE
    }

    /**
     * What {@code PRAGMA wal_checkpoint} reports.
     *
     * @param busy              whether other connections held the checkpoint up past its wait: readers, or
     *                          writers (of other processes) that kept the write lock
     * @param logFrames         frames in the log; -1 when the checkpoint could not run at all
     * @param checkpointedFrames frames copied into the database file; -1 when the checkpoint could not run at all
     */
    record CheckpointResult(boolean busy, long logFrames, long checkpointedFrames) {

        /** The result of a checkpoint that failed with an error. */
        static final CheckpointResult FAILED = new CheckpointResult(true, -1, -1);

        /** Whether the checkpoint did all its mode asks for. */
        boolean completed() {
            return !busy;
        }

        /**
         * Whether some frames could not be copied: a transaction on another connection (a read, or another
         * process's write) still uses a snapshot older than the log's end.
         */
        boolean heldByAnOlderSnapshot() {
            return checkpointedFrames >= 0 && checkpointedFrames < logFrames;
        }
    }

    private final Path file;
    private final SQLiteConfig config;
    private final Duration busyTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    /** Null after a failed rollback, until the next transaction reconnects. Guarded by {@link #lock}. */
    private @Nullable WriteSession session;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** The busy handler of the current session's connection. Guarded by {@link #lock}. */
    // connect() sets it, and open() connects before it hands the writer out
    @SuppressWarnings("NullAway.Init")
    private MillisecondBusyHandler busyHandler;

    private WriteConnection(Path file, SQLiteConfig config, Duration busyTimeout) {
        this.file = file;
        this.config = config;
        this.busyTimeout = busyTimeout;
    }

    /**
     * Opens the writing connection.
     *
     * @throws io.liteobs.spi.StoreException of kind INCOMPATIBLE when the file is not a database,
     *                                       UNAVAILABLE when it cannot be opened
     */
    static WriteConnection open(Path file, SQLiteConfig config, Duration busyTimeout) {
        WriteConnection writer = new WriteConnection(file, config, busyTimeout);
        try {
            writer.session = writer.connect();
        } catch (SQLException e) {
            throw DatabaseFile.isNotADatabase(e) ? DatabaseFile.notADatabase(file, e)
                    : SqlErrors.translate(file, "opening the writing connection", e);
        }
        return writer;
    }

    private WriteSession connect() throws SQLException {
        Connection connection = config.createConnection(DatabaseFile.jdbcUrl(file));
        try {
            busyHandler = new MillisecondBusyHandler(busyTimeout);
            BusyHandler.setHandler(connection, busyHandler);
            try (Statement pragmas = connection.createStatement()) {
                pragmas.execute("PRAGMA cache_size = -" + SqliteStore.WRITE_CACHE_KIB);
                pragmas.execute("PRAGMA wal_autocheckpoint = " + SqliteStore.WAL_AUTOCHECKPOINT_PAGES);
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new WriteSession(connection);
    }

    /** The database file. */
    Path file() {
        return file;
    }

    /**
     * The file's page size in bytes ({@code PRAGMA page_size}).
     *
     * @throws io.liteobs.spi.StoreException when it cannot be read
     */
    long pageSize() {
        return withoutTransaction("reading the page size", session -> {
            try (Statement statement = session.connection().createStatement();
                 ResultSet row = statement.executeQuery("PRAGMA page_size")) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /**
     * Runs {@code work} in one write transaction; see {@link #inTransaction(String, SqlFunction, Runnable, Runnable)}.
     */
    <T> T inTransaction(String action, SqlFunction<WriteSession, T> work) {
        return inTransaction(action, work, () -> { }, () -> { });
    }

    /**
     * Runs {@code work} in one write transaction and commits it, or rolls it back when anything fails.
     *
     * @param action     what the work does, for error messages
     * @param onRollback  runs under the lock after a rollback, to undo in-memory state that followed the work
     * @param afterCommit runs under the lock right after the commit, for upkeep that follows it (checkpoints,
     *                    free-space checks), so that concurrent writers never run it at once; what it throws is
     *                    logged, not thrown: the transaction is committed
     * @throws io.liteobs.spi.StoreException for a failed SQL statement, or of kind CLOSED after {@link #close()};
     *                                       runtime exceptions from {@code work} pass through
     */
    <T> T inTransaction(String action, SqlFunction<WriteSession, T> work, Runnable onRollback,
            Runnable afterCommit) {
        return underLock(action, session -> {
            boolean begun = false;
            boolean committed = false;
            try {
                session.execute("BEGIN IMMEDIATE");
                begun = true;
                T result = work.apply(session);
                session.execute("COMMIT");
                committed = true;
                runAfterCommit(afterCommit);
                return result;
            } finally {
                if (!committed) {
                    abandon(begun);
                    onRollback.run();
                }
            }
        });
    }

    private void runAfterCommit(Runnable afterCommit) {
        try {
            afterCommit.run();
        } catch (RuntimeException e) {
            log.warn("LiteObs store {}: upkeep after a commit failed: {}", file, e.toString());
        }
    }

    /**
     * Runs {@code work} under the write lock but outside any transaction, for statements that cannot run inside
     * one, such as a WAL checkpoint.
     */
    <T> T withoutTransaction(String action, SqlFunction<WriteSession, T> work) {
        return underLock(action, work);
    }

    /**
     * Runs {@code work} under the write lock, outside any transaction, waiting at most {@code busyWait} (instead of
     * the busy timeout) for other connections: for optional work that must not hold up writes for long, such as a
     * checkpoint that waits for readers.
     */
    <T> T withoutTransaction(String action, Duration busyWait, SqlFunction<WriteSession, T> work) {
        return underLock(action, session -> {
            busyHandler.shortenTimeout(busyWait);
            try {
                return work.apply(session);
            } finally {
                busyHandler.restoreTimeout();
            }
        });
    }

    /**
     * Checkpoints the write-ahead log, waiting at most {@code wait} (not the busy timeout) for readers and other
     * writers.
     *
     * @return what the checkpoint did; not {@link CheckpointResult#completed() completed} when readers or another
     *         writer held it up past the wait
     * @throws io.liteobs.spi.StoreException when it fails
     */
    CheckpointResult checkpoint(Checkpoint mode, Duration wait) {
        return withoutTransaction("WAL checkpoint (" + mode + ")", wait, session -> {
            try (Statement statement = session.connection().createStatement();
                 ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(" + mode.name() + ")")) {
                return result.next() ? new CheckpointResult(result.getInt(1) != 0, result.getLong(2),
                        result.getLong(3)) : CheckpointResult.FAILED;
            }
        });
    }

    /**
     * A checkpoint that is only an optimisation: failures are logged at debug level, and only mean that the log may
     * grow for a while.
     *
     * @return what the checkpoint did; {@link CheckpointResult#FAILED} when it failed
     */
    CheckpointResult checkpointQuietly(Checkpoint mode) {
        try {
            return checkpoint(mode, CHECKPOINT_WAIT);
        } catch (RuntimeException e) {
            log.debug("LiteObs store {}: WAL checkpoint failed: {}", file, e.toString());
            return CheckpointResult.FAILED;
        }
    }

    private <T> T underLock(String action, SqlFunction<WriteSession, T> work) {
        lock.lock();
        try {
            if (closed) {
                throw SqlErrors.closed(file);
            }
            if (session == null) {
                session = connect();
            }
            return work.apply(session);
        } catch (SQLException e) {
            if (SqlErrors.needsReopen(e) && session != null) {
                // A connection opened while the file was read-only stays read-only, and one that met an I/O error
                // may hold a stale view of it: the next transaction opens a fresh one.
                discardSession(session);
                if (SqlErrors.isReadOnly(e)) {
                    DatabaseFile.alignSidecarModes(file);
                }
            }
            throw SqlErrors.translate(file, action, e);
        } finally {
            lock.unlock();
        }
    }

    /** Leaves nothing of a failed transaction behind: no open transaction, no rows pending in a batch. */
    private void abandon(boolean begun) {
        if (session == null) {
            return;
        }
        try {
            session.dropStatements();
            if (begun) {
                session.execute("ROLLBACK");
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no transaction is active")) {
                // SQLite rolled back on its own, as it does after SQLITE_FULL: the connection is clean
                return;
            }
            // The connection may be broken: a new connection is the one state known to be clean.
            log.warn("LiteObs store {}: rollback failed, reopening the writing connection: {}", file, e.toString());
            discardSession(session);
        }
    }

    private void discardSession(WriteSession open) {
        try {
            open.close();
        } catch (SQLException e) {
            log.warn("LiteObs store {}: closing the writing connection failed: {}", file, e.toString());
        } finally {
            session = null;
        }
    }

    /** Closes the connection once any running transaction has finished; idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                if (session != null) {
                    discardSession(session);
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
