package io.liteobs.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.ZoneOffset;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The output format: an aligned table for people (local times, or UTC), or JSON, NDJSON or CSV for programs. */
final class OutputOptions {

    @Spec(Spec.Target.MIXEE)
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec command;

    @ArgGroup(exclusive = true)
    private Format format = new Format();

    @Option(names = "--utc", description = "Show times in UTC rather than local time (tables only: the other formats"
            + " always write ISO-8601 UTC).")
    private boolean utc;

    /** The formats; at most one is given. */
    static final class Format {
        @Option(names = "--json", description = "One JSON document.")
        boolean json;
        @Option(names = "--ndjson", description = "One JSON object per line.")
        boolean ndjson;
        @Option(names = "--csv", description = "CSV with a header row.")
        boolean csv;
    }

    /** Whether a format for programs was asked for, rather than the table. */
    boolean forPrograms() {
        return format.json || format.ndjson || format.csv;
    }

    /**
     * The output in the format asked for.
     *
     * @param sections whether the command writes several sections, which CSV cannot hold
     */
    Output open(PrintWriter out, boolean sections) {
        if (format.json || format.ndjson) {
            return new JsonOutput(out, format.ndjson, sections);
        }
        if (format.csv) {
            if (sections) {
                throw new ParameterException(command.commandLine(), command.qualifiedName() + " prints several"
                        + " tables, which one CSV cannot hold: use --json or --ndjson");
            }
            return new CsvOutput(out);
        }
        ZoneId zone = utc ? ZoneOffset.UTC : ZoneId.systemDefault();
        return new TableOutput(out, zone, sections);
    }
}
