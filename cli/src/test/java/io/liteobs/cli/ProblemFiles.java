package io.liteobs.cli;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.heartbeat;

import io.liteobs.sqlite.SqliteStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Files an operator may point liteobs at by mistake, or find broken: each made for real, as it happens. */
final class ProblemFiles {

    private ProblemFiles() {
    }

    /** A LiteObs file with a worker's beat and some audit entries. */
    static Path store(Path file) {
        try (SqliteStore store = SqliteStore.builder(file).diskReserve(0).build()) {
            List<Object> entries = new ArrayList<>();
            entries.add(heartbeat("orders", T0));
            for (int i = 0; i < 300; i++) {
                entries.add(audit("a-" + i, T0 + i).errorMessage("x".repeat(100)).build());
            }
            store.write(batchOf(entries));
        }
        return file;
    }

    /** Another application's SQLite database. */
    static Path foreign(Path file) throws Exception {
        sql(file, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        return file;
    }

    /** A text file. */
    static Path notADatabase(Path file) throws Exception {
        Files.writeString(file, "name,age\nalice,42\n".repeat(400));
        return file;
    }

    /** A LiteObs file whose schema version is one more than this LiteObs knows. */
    static Path newerSchema(Path file) throws Exception {
        store(file);
        sql(file, "UPDATE _observability_metadata SET value = CAST(value AS INTEGER) + 1 WHERE key = 'schema_version'");
        return file;
    }

    /** A LiteObs file whose audit_log table page holds garbage, as a failing disk leaves it. */
    static Path damaged(Path file) throws Exception {
        store(file);
        long pageSize;
        long rootPage;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("PRAGMA page_size")) {
                row.next();
                pageSize = row.getLong(1);
            }
            try (ResultSet row = statement.executeQuery(
                    "SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'")) {
                row.next();
                rootPage = row.getLong(1);
            }
        }
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] garbage = new byte[(int) pageSize];
            new Random(rootPage).nextBytes(garbage);
            raw.seek((rootPage - 1) * pageSize);
            raw.write(garbage);
        }
        return file;
    }

    static void sql(Path file, String statement) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
