package io.liteobs.sqlite;

import io.liteobs.spi.StoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The database file on disk: where it is, who may read it, and whether it is a database at all. */
final class DatabaseFile {

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private DatabaseFile() {
    }

    /**
     * Makes the file's missing folders readable by their owner only (POSIX 0700, whatever the umask) and, when the
     * file is new, creates it empty and readable by its owner only (POSIX 0600) before SQLite opens it: SQLite gives
     * the -wal and -shm files the mode of the database file. Existing folders and files keep their mode.
     *
     * @return the absolute, normalised path
     * @throws StoreException of kind INCOMPATIBLE when the path names a folder, or lies below a file that is not a
     *                        folder; UNAVAILABLE when a folder or the file cannot be created, or the path is a root
     */
    static Path prepare(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        if (folder == null) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, absolute + " is a file system root, not a"
                    + " file: point LiteObs at a file in a folder, such as data/liteobs.db.", null);
        }
        if (Files.isDirectory(absolute)) {
            throw misplaced(absolute, "is a folder, not a database file",
                    "Give SqliteStore the path of a file, for example " + absolute.resolve("liteobs.db") + ".");
        }
        Path blocking = fileInPlaceOfAFolder(folder);
        if (blocking != null) {
            throw misplaced(absolute, "cannot be created: " + blocking + " is a file, not a folder",
                    "Give SqliteStore a path whose folders are folders, or move " + blocking + " away.");
        }
        try {
            if (isPosix(absolute)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
            } else {
                Files.createDirectories(folder);
            }
            if (Files.notExists(absolute)) {
                createOwnerOnly(absolute, folder);
            }
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot create " + absolute + ": " + e
                    + ". Check that the folder is writable, or point LiteObs at another file.", e);
        }
        return absolute;
    }

    /** The nearest existing ancestor of {@code folder}, or the folder itself, when it is not a folder; else null. */
    private static @Nullable Path fileInPlaceOfAFolder(Path folder) {
        for (Path path = folder; path != null; path = path.getParent()) {
            if (Files.exists(path)) {
                return Files.isDirectory(path) ? null : path;
            }
        }
        return null;
    }

    private static StoreException misplaced(Path file, String problem, String remedy) {
        return new StoreException(StoreException.Kind.INCOMPATIBLE, "The LiteObs database path " + file + " "
                + problem + ". " + remedy, null);
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void createOwnerOnly(Path file, Path folder) throws IOException {
        try {
            if (Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // another process created it first: it owns the file's mode
        }
    }

    /**
     * Gives the {@code -wal} and {@code -shm} files the mode of the database file where they are less writable than
     * it. SQLite makes them with the database file's mode of the moment; a connection opened while the file was
     * read-only leaves a read-only {@code -shm} behind, which keeps every later connection read-only even once the
     * file is writable again. Best effort: a file this process does not own stays as it is.
     */
    static void alignSidecarModes(Path file) {
        try {
            if (!Files.isWritable(file)
                    || !Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
                return;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Path sidecar = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(sidecar) && !Files.isWritable(sidecar)) {
                    Files.setPosixFilePermissions(sidecar, mode);
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not ours to change: SQLite keeps reporting the file read-only, and the writer keeps retrying
        }
    }

    /**
     * Refuses a database that is not LiteObs's, before anything writes to it: a SQLite file that holds any table,
     * index, view or trigger but no {@code _observability_metadata} table belongs to another application, and
     * LiteObs would otherwise switch it to WAL mode and add its tables beside the application's (or fail on a table
     * of the same name). Only reads: the connection sets no pragma that writes, so a refused file is left byte for
     * byte as it was. An empty file, and one LiteObs created, pass.
     *
     * @throws StoreException of kind INCOMPATIBLE when the file is another application's database or not a
     *                        database at all; UNAVAILABLE when it cannot be read now
     */
    static void refuseForeign(Path file, Duration busyTimeout) {
        SQLiteConfig plain = new SQLiteConfig();
        plain.setBusyTimeout((int) busyTimeout.toMillis());
        try (Connection connection = plain.createConnection(jdbcUrl(file))) {
            if (Contents.of(connection).foreign()) {
                throw foreign(file, "Point LiteObs at a file of its own.");
            }
        } catch (SQLException e) {
            throw isNotADatabase(e) ? notADatabase(file, e) : SqlErrors.translate(file, "opening", e);
        }
    }

    /** What a database's schema says about whose it is. */
    record Contents(long schemaObjects, boolean hasMetadata) {

        /** Reads {@code sqlite_schema}; throws SQLITE_NOTADB for a file that is not a database. */
        static Contents of(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT count(*),"
                         + " count(*) FILTER (WHERE type = 'table' AND name = '" + Schema.METADATA + "')"
                         + " FROM sqlite_schema")) {
                row.next();
                return new Contents(row.getLong(1), row.getLong(2) > 0);
            }
        }

        /** No table, index, view or trigger at all: nothing has written a schema to the file yet. */
        boolean empty() {
            return schemaObjects == 0;
        }

        /** A schema without LiteObs's metadata table: another application's database. */
        boolean foreign() {
            return !empty() && !hasMetadata;
        }
    }

    /** The refusal of another application's database. */
    static StoreException foreign(Path file, String remedy) {
        return refusal(file, "is a SQLite database of another application (it has tables but no " + Schema.METADATA
                + " table)", remedy, null);
    }

    /** The JDBC URL of the file. */
    static String jdbcUrl(Path file) {
        return "jdbc:sqlite:" + file;
    }

    /** Whether opening the file failed because it is not a SQLite database. */
    static boolean isNotADatabase(SQLException e) {
        return e instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB;
    }

    /** The refusal of a file that is not a SQLite database, by a store. */
    static StoreException notADatabase(Path file, SQLException cause) {
        return notADatabase(file, "Point LiteObs at a new file or move this one away.", cause);
    }

    /** The refusal of a file that is not a SQLite database, with what to do about it. */
    static StoreException notADatabase(Path file, String remedy, SQLException cause) {
        return refusal(file, "is not a SQLite database", remedy, cause);
    }

    /**
     * The refusal to open a file LiteObs cannot use: names the file, what is wrong with it and what to do, and
     * says that the file was left as it was.
     */
    static StoreException refusal(Path file, String problem, String remedy, @Nullable Throwable cause) {
        return new StoreException(StoreException.Kind.INCOMPATIBLE,
                file + " " + problem + "; LiteObs did not modify it. " + remedy, cause);
    }
}
