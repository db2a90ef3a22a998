package io.liteobs.sqlite;

import io.liteobs.spi.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Connections to a file that this process reads and must not change, for {@link SqliteReader}. Every connection
 * is opened read-only ({@code SQLITE_OPEN_READONLY}) and query-only, lives for one read, and is closed after it: a
 * reader holds nothing open between queries, so a service that closes the file meanwhile cleans up after itself as
 * usual, and every read sees the file as it is then.
 *
 * <p>How a read opens the file depends on whether a {@code -wal} file lies beside it:
 * <ul>
 *   <li>With one, a service has the file open in WAL mode (or stopped without removing it). The read shares that
 *       log and its {@code -shm} index, as every WAL reader does, and sees the latest commit. The database file
 *       and the log are not written; the index is shared memory, where readers mark what they read.</li>
 *   <li>Without one, nobody has the file open. A read-only connection would still create an empty {@code -wal} and
 *       a {@code -shm}, and could not remove them when it closes; so the read opens the file {@code immutable},
 *       which creates nothing and takes no lock. SQLite then trusts that nothing changes the file during the read:
 *       the read compares the file's identity, size and modification time, and the absence of a {@code -wal},
 *       before and after, and when a writer came in between it reads again (the next read shares the writer's log),
 *       at most {@value #MAX_ATTEMPTS} times.</li>
 * </ul>
 */
final class ReadOnlyFile implements ReadConnections {

    /** How many times a read is tried while writers keep opening and changing the file under it. */
    static final int MAX_ATTEMPTS = 3;

    private final Path file;
    private final Path wal;
    private final SQLiteConfig config;

    private ReadOnlyFile(Path file, int busyTimeoutMillis) {
        this.file = file;
        this.wal = file.resolveSibling(file.getFileName() + "-wal");
        this.config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(busyTimeoutMillis);
    }

    /**
     * Connections to an existing file; creates nothing.
     *
     * @param file an absolute, normalised path
     * @throws StoreException of kind UNAVAILABLE when the file does not exist, INCOMPATIBLE when it is not a
     *                        regular file
     */
    static ReadOnlyFile of(Path file, int busyTimeoutMillis) {
        if (Files.notExists(file)) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, file + " does not exist. A LiteObs reader"
                    + " opens an existing file and creates nothing: check the path, or start the service whose"
                    + " store writes this file first.", null);
        }
        if (!Files.isRegularFile(file)) {
            throw DatabaseFile.refusal(file, "is not a regular file", "Point the reader at a LiteObs database file.",
                    null);
        }
        return new ReadOnlyFile(file, busyTimeoutMillis);
    }

    @Override
    public <T> T withConnection(SqlFunction<Connection, T> query) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            if (Files.exists(wal)) {
                return run(fileUrl(), query);
            }
            State before = state();
            try {
                T result = run(fileUrl() + "?immutable=1", query);
                if (before.equals(state())) {
                    return result;
                }
            } catch (SQLException | RuntimeException e) {
                if (before.equals(state())) {
                    throw e;
                }
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "reading " + file + " failed: a writer"
                        + " changed the file during each of " + MAX_ATTEMPTS + " attempts; try again.", null);
            }
        }
    }

    /** A {@code file:} URI, so that SQLite takes URI parameters, with the path's special characters escaped. */
    private String fileUrl() {
        return "jdbc:sqlite:" + file.toUri();
    }

    private <T> T run(String url, SqlFunction<Connection, T> query) throws SQLException {
        try (Connection connection = config.createConnection(url)) {
            try (Statement pragma = connection.createStatement()) {
                pragma.execute("PRAGMA query_only = ON");
            }
            return query.apply(connection);
        }
    }

    /** What changes when a writer opens or changes the file: its identity, size and modification time, the log. */
    private record State(Object fileKey, long size, FileTime modified, boolean walPresent) {
    }

    private State state() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new State(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(),
                    Files.exists(wal));
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot read the attributes of " + file
                    + ": " + e + ". Check that the file still exists and is readable by this process.", e);
        }
    }

    /** Nothing to close: no connection outlives its read. */
    @Override
    public void close() {
    }
}
