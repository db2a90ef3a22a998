package io.liteobs.sqlite;

import io.liteobs.spi.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a file's schema up to {@link #LATEST_VERSION}: forward only, one migration per transaction, the version
 * kept in {@code _observability_metadata}. The version is read inside each migration's write transaction, so two
 * processes opening the same new file migrate it once; a file newer than this library is refused untouched.
 */
final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /**
     * One step of the schema. Its statements, then its data step, commit with the new version in one transaction,
     * so a step runs once; those that create are idempotent besides ({@code IF NOT EXISTS}).
     *
     * @param fill what the step does to the data after its statements, such as filling a new table
     */
    record Migration(int version, List<String> statements, DataStep fill) {

        Migration(int version, List<String> statements) {
            this(version, statements, connection -> { });
        }
    }

    /** The work of a migration on the data, in its transaction. */
    @FunctionalInterface
    interface DataStep {
        void run(Connection connection) throws SQLException;
    }

    /** Every migration, in version order. Append; never change one that has shipped. */
    static final List<Migration> ALL = List.of(new Migration(1, Schema.VERSION_1),
            new Migration(2, Schema.VERSION_2),
            new Migration(3, Schema.VERSION_3),
            new Migration(4, Schema.VERSION_4),
            new Migration(5, Schema.VERSION_5),
            // version 6 filled the rollups inside the migration, holding the write lock for minutes on a large
            // file; it creates the tables only now, and version 7 tells the two kinds of version-6 files apart by
            // the horizons the old fill recorded (Rollups.recordGaps)
            new Migration(6, Schema.VERSION_6),
            new Migration(7, List.of(), Rollups::recordGaps),
            new Migration(8, Schema.VERSION_8, RawMinutes::startAfterNewestPoint));

    /** The schema version this library writes and reads. */
    static final int LATEST_VERSION = ALL.get(ALL.size() - 1).version();

    private static final String VERSION_KEY = "schema_version";
    private static final String CREATED_AT_KEY = "created_at";
    private static final String LIBRARY_KEY = "library";
    static final String LIBRARY = "liteobs-sqlite-store";

    private Migrations() {
    }

    /**
     * Applies every migration the file lacks.
     *
     * @throws StoreException of kind INCOMPATIBLE when the file's schema is newer than this library's or unreadable
     */
    static void migrate(WriteConnection writer) {
        // A file already at the latest version needs no write at all: a read-only file still opens (its writes then
        // fail until it is writable again), and opening takes no write lock from the processes writing to it.
        if (writer.withoutTransaction("reading the schema version",
                session -> storedVersion(session.connection(), writer.file())) == LATEST_VERSION) {
            return;
        }
        while (writer.inTransaction("schema migration", session -> applyNext(session.connection(), writer.file()))) {
            // each pass applies one migration in its own transaction
        }
    }

    /** Applies the first migration the file lacks; returns whether another may follow. */
    private static boolean applyNext(Connection connection, Path file) throws SQLException {
        int stored = storedVersion(connection, file);
        Migration next = ALL.stream().filter(migration -> migration.version() > stored).findFirst().orElse(null);
        if (next == null) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : next.statements()) {
                statement.execute(sql);
            }
        }
        next.fill().run(connection);
        recordVersion(connection, next.version());
        log.info("LiteObs store {}: schema migrated from version {} to {}", file, stored, next.version());
        return next.version() < LATEST_VERSION;
    }

    /**
     * The file's schema version: 0 for a file without LiteObs tables, which {@link DatabaseFile#refuseForeign} has
     * found empty. Only reads.
     *
     * @throws StoreException when the version is newer than {@link #LATEST_VERSION} or not a number
     */
    static int storedVersion(Connection connection, Path file) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
            exists.setString(1, Schema.METADATA);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    return 0;
                }
            }
        }
        String text = metadataValue(connection, VERSION_KEY);
        if (text == null) {
            return 0;
        }
        int version;
        try {
            version = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw refusal(file, "has the schema version '" + text + "', which LiteObs does not understand");
        }
        if (version > LATEST_VERSION) {
            throw refusal(file, "has schema version " + version + ", written by a newer LiteObs (this one reads up to "
                    + LATEST_VERSION + ")");
        }
        return version;
    }

    private static StoreException refusal(Path file, String problem) {
        return DatabaseFile.refusal(file, problem, "Upgrade LiteObs, or point it at another file.", null);
    }

    private static @Nullable String metadataValue(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT value FROM _observability_metadata WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static void recordVersion(Connection connection, int version) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO _observability_metadata (key, value) VALUES (?, ?)"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
             PreparedStatement insertOnce = connection.prepareStatement(
                     "INSERT INTO _observability_metadata (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
            upsert.setString(1, VERSION_KEY);
            upsert.setString(2, Integer.toString(version));
            upsert.executeUpdate();
            upsert.setString(1, LIBRARY_KEY);
            upsert.setString(2, LIBRARY);
            upsert.executeUpdate();
            insertOnce.setString(1, CREATED_AT_KEY);
            insertOnce.setString(2, Long.toString(System.currentTimeMillis()));
            insertOnce.executeUpdate();
        }
    }
}
