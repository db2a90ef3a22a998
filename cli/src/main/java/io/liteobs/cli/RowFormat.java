package io.liteobs.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The format of an export of rows: NDJSON, or CSV. */
final class RowFormat {

    @Option(names = "--csv", description = "CSV with a header row, instead of one JSON object per line (NDJSON).")
    private boolean csv;

    Output open(PrintWriter out) {
        return csv ? new CsvOutput(out) : new JsonOutput(out, true, false);
    }
}
