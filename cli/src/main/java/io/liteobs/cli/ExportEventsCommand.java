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

/** {@code liteobs export events}: every business event in range, oldest first, as NDJSON or CSV. */
@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Business events in the range that match the filters (those of query events),"
                + " oldest first, as NDJSON (one JSON object per line) or CSV.",
        footer = {"", "Examples:", "  liteobs export events -f obs.db --since 30d -o events.ndjson",
            "  liteobs export events -f obs.db --csv > events.csv"})
final class ExportEventsCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Mixin
    private EventFilters filters = new EventFilters();

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
                    out.section("events", Rows.EVENTS);
                    Pages.forEach(offset -> reader.findEvents(filters.builder().range(selected)
                            .direction(SortDirection.ASC)
                            .limit(Page.MAX_LIMIT).offset(offset).build()),
                            entry -> Rows.event(out, entry));
                }
            });
        }
        return ExitCode.OK;
    }
}
