package io.liteobs.cli;

import io.liteobs.sqlite.SqliteReader;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --file}: the LiteObs file a command works on, by default the one {@code LITEOBS_FILE} names. */
final class FileOptions {

    @Spec(Spec.Target.MIXEE)
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec command;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "${env:LITEOBS_FILE}",
            description = "The LiteObs database file (default: the LITEOBS_FILE environment variable).")
    private @Nullable Path file;

    /** The file given. */
    Path file() {
        if (file == null) {
            throw new ParameterException(command.commandLine(), "Which file? Give it with --file FILE, or set"
                    + " LITEOBS_FILE, for example: " + command.qualifiedName() + " --file /var/lib/orders/obs.db");
        }
        return file;
    }

    /**
     * Opens the file for reading only: the reader refuses, naming the file and what to do, a missing file, one that
     * is not LiteObs's, and one of another schema version.
     */
    SqliteReader openForReading() {
        return SqliteReader.open(file());
    }
}
