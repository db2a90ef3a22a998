package io.liteobs.postgres;

import io.liteobs.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for the tests: one throwaway cluster per test run, started by
 * {@code src/test/sh/throwaway-postgres} in a temporary directory on a free loopback port the first time a test
 * class asks for it, and stopped (its directory deleted) when the run ends. Each store under test gets a schema of
 * its own, so that tests never see each other's rows.
 *
 * <p>Other modules' tests (the command line's) use it through this module's test jar; they find the script in
 * this module's folder beside their own.
 *
 * <p>With {@code LITEOBS_TEST_POSTGRES_URL} set (a JDBC URL whose user may create schemas), the tests use that
 * server instead. Without either, the tests are skipped, and fail under {@code CI=true}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ThrowawayPostgres postgres = new ThrowawayPostgres();
 * ...
 * PostgresStore store = PostgresStore.open(postgres.freshSchema().build());
 * }</pre>
 */
public final class ThrowawayPostgres implements BeforeAllCallback {

    /** The environment variable naming a server to use instead of a throwaway cluster. */
    static final String URL_VARIABLE = "LITEOBS_TEST_POSTGRES_URL";

    /** The script, from this module's folder, or from a sibling module's, where the tests run. */
    private static final Path SCRIPT = Files.exists(Path.of("src", "test", "sh", "throwaway-postgres"))
            ? Path.of("src", "test", "sh", "throwaway-postgres")
            : Path.of("..", "postgres-store", "src", "test", "sh", "throwaway-postgres");
    private static final AtomicInteger schemas = new AtomicInteger();

    private volatile Cluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        String given = System.getenv(URL_VARIABLE);
        if (given != null && !given.isBlank()) {
            cluster = new Cluster(given.strip(), null);
            return;
        }
        TestEnvironment.requireOrSkip(serverInstalled(), "the PostgreSQL server (initdb, pg_ctl) is not installed, and "
                + URL_VARIABLE + " names no server");
        cluster = context.getRoot().getStore(ExtensionContext.Namespace.create(ThrowawayPostgres.class))
                .getOrComputeIfAbsent(Cluster.class, key -> Cluster.start(), Cluster.class);
    }

    /** The cluster's base JDBC URL, without a schema. */
    public String jdbcUrl() {
        return cluster.jdbcUrl();
    }

    /** Options for a new, empty schema of the cluster, as service {@code test}. */
    public PostgresOptions.Builder freshSchema() {
        return PostgresOptions.builder(createSchema()).service("test").instance("test-1");
    }

    /** Creates an empty schema, and returns the JDBC URL that makes it the current one. */
    public String createSchema() {
        String schema = "liteobs_test_" + ProcessHandle.current().pid() + "_" + schemas.incrementAndGet();
        execute("CREATE SCHEMA " + schema);
        String url = jdbcUrl();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Runs SQL on the cluster's database, outside any store. */
    public void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + jdbcUrl(), e);
        }
    }

    private static boolean serverInstalled() {
        // pg_config of a server installation sits beside initdb; the script looks in the same two places.
        if (TestEnvironment.onPath("pg_config").map(pgConfig -> Files.isExecutable(pgConfig.resolveSibling("initdb")))
                .orElse(false)) {
            return true;
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.anyMatch(version -> Files.isExecutable(version.resolve("bin/initdb")));
        } catch (IOException e) {
            return false;
        }
    }

    /** A running cluster; closed by JUnit when the test run ends, which stops it and deletes its directory. */
    record Cluster(String jdbcUrl, Path directory) implements AutoCloseable {

        /** How many times a start is tried: another process may take the free port before the server binds it. */
        private static final int STARTS = 3;

        static Cluster start() {
            try {
                // Traversable by the unprivileged user the script runs the server as when the tests run as root.
                Path directory = Files.createTempDirectory("liteobs-postgres-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
                for (int attempt = 1; ; attempt++) {
                    try {
                        return new Cluster(run("start", directory).strip(), directory);
                    } catch (IllegalStateException e) {
                        run("stop", directory);
                        if (attempt == STARTS) {
                            throw e;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (directory != null) {
                run("stop", directory);
                try {
                    Files.deleteIfExists(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private static String run(String command, Path directory) {
            try {
                Process script = new ProcessBuilder(SCRIPT.toAbsolutePath().toString(), command,
                        directory.resolve("cluster").toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!script.waitFor(120, TimeUnit.SECONDS) || script.exitValue() != 0) {
                    throw new IllegalStateException(SCRIPT + " " + command + " failed: " + output);
                }
                return output;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(SCRIPT + " " + command + " was interrupted", e);
            }
        }
    }
}
