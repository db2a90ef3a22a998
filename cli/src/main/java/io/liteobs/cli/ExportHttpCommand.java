package io.liteobs.cli;

import io.liteobs.Page;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.spi.StoreReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code liteobs export http}: every HTTP request in range, oldest first, as NDJSON or CSV. */
@Command(name = "http", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "HTTP requests in the range that match the filters (those of query http),"
                + " oldest first, as NDJSON (one JSON object per line) or CSV.",
        footer = {"", "Examples:", "  liteobs export http -f obs.db --since 1d -o requests.ndjson",
            "  liteobs export http -f obs.db --csv > requests.csv"})
final class ExportHttpCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Mixin
    private HttpRequestFilters filters = new HttpRequestFilters();

    @Mixin
    private TimeRangeOptions range = new TimeRangeOptions();

    @Mixin
    private RowFormat format = new RowFormat();

    @Mixin
    private ExportTarget target = new ExportTarget();

    @Override
    public Integer call() {
        TimeRange selected = range.range(LiteObsCommand.of(spec).clock().instant());
        try (StoreReader reader = file.openForReading()) {
            target.write(writer -> {
                try (Output out = format.open(writer)) {
                    out.section("http", Rows.HTTP_REQUESTS);
                    Pages.forEach(offset -> reader.findHttpRequests(filters.builder().range(selected)
                            .direction(SortDirection.ASC)
                            .limit(Page.MAX_LIMIT).offset(offset).build()),
                            request -> Rows.httpRequest(out, request));
                }
            });
        }
        return ExitCode.OK;
    }
}
