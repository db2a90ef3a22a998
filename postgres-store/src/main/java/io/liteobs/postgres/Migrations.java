package io.liteobs.postgres;

import io.liteobs.spi.StoreException;
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
 * Brings a database's schema up to {@link #LATEST_VERSION}: forward only, in one transaction, the version kept in
 * {@code _observability_metadata}. The transaction first takes a transaction-scoped advisory lock keyed on the
 * schema, so that processes opening the same database at once migrate it one after the other: the first migrates,
 * the others find it done. A schema newer than this library is refused untouched.
 *
 * <p>A later version is one more entry of {@link #ALL}: version 2 brought heartbeat progress and the columns of HTTP
 * request logging, version 3 the state of alert rules, version 4 the ledger of
 * batches that makes a retried batch land once and the view {@code worker_liveness}.
 */
final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** One step of the schema; its statements are idempotent. */
    record Migration(int version, List<String> statements) {
    }

    /** Every migration, in version order. Append; never change one that has shipped. */
    static final List<Migration> ALL = List.of(new Migration(1, Schema.VERSION_1),
            new Migration(2, Schema.VERSION_2),
            new Migration(3, Schema.VERSION_3),
            new Migration(4, Schema.VERSION_4));

    /** The schema version this library writes and reads. */
    static final int LATEST_VERSION = ALL.get(ALL.size() - 1).version();

    static final String LIBRARY = "liteobs-postgres-store";
    private static final String VERSION_KEY = "schema_version";

    /**
     * The advisory lock: this library's key, and the schema's, so that stores in separate schemas of one database
     * do not wait for each other.
     */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('liteobs migration'),"
            + " hashtext(current_schema()))";

    private Migrations() {
    }

    /**
     * Applies every migration the database lacks.
     *
     * @throws StoreException of kind INCOMPATIBLE when the schema is newer than this library's, unreadable, or
     *                        another application's
     */
    static void migrate(Database database) {
        database.inTransaction("schema migration", connection -> {
            try (Statement lock = connection.createStatement()) {
                lock.execute(LOCK);
            }
            int stored = storedVersion(connection, database.name());
            for (Migration migration : ALL) {
                if (migration.version() > stored) {
                    apply(connection, migration);
                    log.info("LiteObs store {}: schema migrated from version {} to {}", database.name(), stored,
                            migration.version());
                    stored = migration.version();
                }
            }
            return stored;
        }, () -> { });
    }

    private static void apply(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration.statements()) {
                statement.execute(sql);
            }
        }
        try (PreparedStatement record = connection.prepareStatement("""
                INSERT INTO _observability_metadata (key, value)
                VALUES ('schema_version', ?), ('library', ?), ('created_at', ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                WHERE _observability_metadata.key <> 'created_at'""")) {
            record.setString(1, Integer.toString(migration.version()));
            record.setString(2, LIBRARY);
            record.setString(3, Long.toString(System.currentTimeMillis()));
            record.executeUpdate();
        }
    }

    /**
     * The schema version of the database: 0 when it has no LiteObs tables. Only reads.
     *
     * @throws StoreException of kind INCOMPATIBLE when the version is newer than {@link #LATEST_VERSION} or not a
     *                        number, or when the schema holds another application's {@code audit_log} without
     *                        LiteObs metadata
     */
    static int storedVersion(Connection connection, String database) throws SQLException {
        boolean hasMetadata;
        boolean hasAuditLog;
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT to_regclass('_observability_metadata') IS NOT NULL,"
                     + " to_regclass('audit_log') IS NOT NULL")) {
            row.next();
            hasMetadata = row.getBoolean(1);
            hasAuditLog = row.getBoolean(2);
        }
        if (!hasMetadata) {
            if (hasAuditLog) {
                throw refusal(database, "has an audit_log table but no _observability_metadata: it is another"
                        + " application's", "Point LiteObs at a schema of its own (currentSchema in the JDBC URL).");
            }
            return 0;
        }
        String text = versionText(connection);
        if (text == null) {
            return 0;
        }
        int version;
        try {
            version = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw refusal(database, "has the schema version '" + text + "', which LiteObs does not understand",
                    "Point LiteObs at a schema of its own (currentSchema in the JDBC URL).");
        }
        if (version > LATEST_VERSION) {
            throw refusal(database, "has schema version " + version + ", written by a newer LiteObs (this one reads"
                    + " up to " + LATEST_VERSION + ")", "Upgrade LiteObs, or point it at another database.");
        }
        return version;
    }

    private static @Nullable String versionText(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT value FROM _observability_metadata WHERE key = ?")) {
            select.setString(1, VERSION_KEY);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    static StoreException refusal(String database, String problem, String fix) {
        return new StoreException(StoreException.Kind.INCOMPATIBLE, "The LiteObs database " + database + " "
                + problem + ". " + fix, null);
    }
}
