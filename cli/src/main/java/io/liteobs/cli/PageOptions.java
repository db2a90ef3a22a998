package io.liteobs.cli;

import io.liteobs.Page;
import picocli.CommandLine.Option;

/** {@code --limit} and {@code --offset}: which page of a query's ordered results is printed. */
final class PageOptions {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + Page.DEFAULT_LIMIT,
            description = "At most this many results, 1 to " + Page.MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
            description = "Skip this many results first, for paging (default: ${DEFAULT-VALUE}).")
    private int offset;

    /** The page asked for. */
    Page page() {
        return new Page(limit, offset);
    }
}
