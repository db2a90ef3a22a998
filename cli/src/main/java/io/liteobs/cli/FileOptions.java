package io.liteobs.cli;

import io.liteobs.postgres.PostgresOptions;
import io.liteobs.postgres.PostgresReader;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.StoreReader;
import io.liteobs.sqlite.SqliteReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --file}: what a command works on, by default what {@code LITEOBS_FILE} names: the path of a LiteObs SQLite
 * file, or the JDBC URL of a LiteObs PostgreSQL database ({@code jdbc:postgresql://...}), whose password comes from
 * {@code --password-file} or {@code LITEOBS_DB_PASSWORD}, never from the command line.
 */
final class FileOptions {

    /** The environment variable holding the database password when no {@code --password-file} is given. */
    static final String PASSWORD_VARIABLE = "LITEOBS_DB_PASSWORD";
    /** The service name {@code cleanup} registers in a PostgreSQL database's sources when it opens the store. */
    static final String SERVICE = "liteobs-cli";

    @Spec(Spec.Target.MIXEE)
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec command;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE|URL", defaultValue = "${env:LITEOBS_FILE}",
            description = "The LiteObs database file, or the JDBC URL of a LiteObs PostgreSQL database"
                    + " (jdbc:postgresql://host/db?user=...); default: the LITEOBS_FILE environment variable.")
    private @Nullable String target;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "With a PostgreSQL URL: a file holding the database password (default: the "
                    + PASSWORD_VARIABLE + " environment variable).")
    private @Nullable Path passwordFile;

    /** The file or URL given. */
    private String target() {
        if (target == null || target.isBlank()) {
            throw new ParameterException(command.commandLine(), "Which file? Give it with --file FILE, or set"
                    + " LITEOBS_FILE, for example: " + command.qualifiedName() + " --file /var/lib/orders/obs.db");
        }
        return target;
    }

    /** Whether a PostgreSQL database was given rather than a file. */
    boolean postgres() {
        return PostgresOptions.isPostgresUrl(target());
    }

    /** The file or database as messages name it: the path, or the URL without its parameters. */
    String describe() {
        return postgres() ? postgresOptions().databaseName() : target();
    }

    /**
     * Opens the file or database for reading only: a {@link SqliteReader} of the file, which reads every schema
     * version up to its own and changes nothing, or a {@link PostgresReader}, whose connections are read-only. Either
     * refuses, naming what it was given and what to do, what it cannot read.
     */
    StoreReader openForReading() {
        return postgres() ? openPostgres(PostgresReader::open) : SqliteReader.open(Path.of(target()));
    }

    /**
     * Opens the PostgreSQL database given through {@code open}; a refusal for want of a password says how to give
     * one.
     */
    <T> T openPostgres(Function<PostgresOptions, T> open) {
        PostgresOptions options = postgresOptions();
        try {
            return open.apply(options);
        } catch (StoreException e) {
            if (options.password() == null && String.valueOf(e.getMessage()).contains("password")) {
                throw new StoreException(e.kind(), e.getMessage() + " Give the password with --password-file FILE"
                        + " or the " + PASSWORD_VARIABLE + " environment variable.", e);
            }
            throw e;
        }
    }

    /** The options of the PostgreSQL database given, with its password. */
    private PostgresOptions postgresOptions() {
        String url = target();
        if (url.toLowerCase(Locale.ROOT).matches(".*[?&]password=.*")) {
            throw new UserError("the JDBC URL holds a password, which every user of this machine can read on the"
                    + " command line: take password=... out of it and give it with --password-file FILE or the "
                    + PASSWORD_VARIABLE + " environment variable", ExitCode.USAGE);
        }
        try {
            // a command runs one query at a time; cleanup's store registers itself as the command line's source
            return PostgresOptions.builder(url).password(password()).poolSize(2).service(SERVICE).build();
        } catch (IllegalArgumentException e) {
            // the message names the URL without its parameters
            throw new UserError("--file: " + e.getMessage(), ExitCode.USAGE);
        }
    }

    private @Nullable String password() {
        if (passwordFile == null) {
            return System.getenv(PASSWORD_VARIABLE);
        }
        try {
            String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new UserError(passwordFile + " is empty: write the database password into it, on one line",
                        ExitCode.USAGE);
            }
            return password;
        } catch (IOException e) {
            throw new UserError("cannot read the database password from " + passwordFile + " (" + e + "): check"
                    + " the path and that this user may read it", ExitCode.FILE_UNAVAILABLE);
        }
    }
}
