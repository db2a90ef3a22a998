package io.liteobs.benchmarks;

import io.liteobs.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/** Fresh database files for one run, and raw connections with the pragmas {@link SqliteStore} uses. */
final class BenchFiles implements AutoCloseable {

    /** Where the harnesses make their temporary folders: the JVM's temporary directory. */
    static final Path SYSTEM_TEMP = Path.of(System.getProperty("java.io.tmpdir"));

    private final Path dir;
    private int count;

    private BenchFiles(Path dir) {
        this.dir = dir;
    }

    /** A new temporary folder under {@code parent}, deleted with its files on close. */
    static BenchFiles temporary(Path parent) {
        return new BenchFiles(newTemporaryFolder(parent));
    }

    /** The files of an existing folder, deleted with it on close. */
    static BenchFiles existing(Path dir) {
        return new BenchFiles(dir);
    }

    private static Path newTemporaryFolder(Path parent) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "liteobs-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path for a new database file, with the schema created by the store when {@code withSchema}. */
    Path newFile(String name, boolean withSchema) {
        Path file = dir.resolve((++count) + "-" + name + ".db");
        if (withSchema) {
            SqliteStore.open(file).close();
        }
        return file;
    }

    /** A raw connection with the pragmas of the store's writing connection. */
    static Connection rawConnection(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(SqliteStore.DEFAULT_BUSY_TIMEOUT_MILLIS);
        config.setJournalSizeLimit((int) SqliteStore.DEFAULT_WAL_SIZE_LIMIT_BYTES);
        config.setCacheSize(-SqliteStore.WRITE_CACHE_KIB);
        config.setWalAutocheckpoint(SqliteStore.WAL_AUTOCHECKPOINT_PAGES);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    /** Checkpoints the WAL into the file and returns the file's size in bytes. */
    static long checkpointedSize(Path file) throws SQLException {
        try (Connection connection = rawConnection(file); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return size(file);
    }

    /** Deletes a database file with its WAL and shared-memory files, so that a long run does not fill the disk. */
    static void delete(Path file) {
        try {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of a file, 0 when it does not exist. */
    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
