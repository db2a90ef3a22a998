package io.liteobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --output}: where an export goes, a file or stdout. */
final class ExportTarget {

    @Spec(Spec.Target.MIXEE)
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec command;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to this file (replaced if it exists) instead of standard output.")
    private @Nullable Path target;

    /**
     * Runs {@code export} on a writer to the file or stdout, and flushes it.
     *
     * @throws UserError when the file cannot be written, naming it
     */
    void write(ExportBody export) {
        if (target == null) {
            PrintWriter out = command.commandLine().getOut();
            export.writeTo(out);
            out.flush();
            return;
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(target, StandardCharsets.UTF_8))) {
            export.writeTo(out);
            if (out.checkError()) {
                throw new IOException("writing failed (disk full?)");
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UserError("cannot write " + target + ": " + e.getMessage() + ". Check the folder exists and"
                    + " is writable, or write to standard output without --output.", ExitCode.FILE_UNAVAILABLE);
        }
    }

    /** What an export writes. */
    @FunctionalInterface
    interface ExportBody {
        void writeTo(PrintWriter out);
    }
}
