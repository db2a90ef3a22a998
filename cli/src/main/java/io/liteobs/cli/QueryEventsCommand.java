package io.liteobs.cli;

import io.liteobs.BusinessEvent;
import io.liteobs.EventQuery;
import io.liteobs.SortDirection;
import io.liteobs.spi.StoreReader;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liteobs query events}: business events, as {@link EventQuery} selects them. */
@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Business events, newest first unless told otherwise.",
        footer = {"", "Examples:", "  liteobs query events -f obs.db --entity-type order --entity-id o-1001 --asc",
            "  liteobs query events -f obs.db --type order.created --since 1d --ndjson"})
final class QueryEventsCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Mixin
    private EventFilters filters = new EventFilters();

    @Option(names = "--asc", description = "Oldest first, instead of newest first.")
    private boolean ascending;

    @Mixin
    private TimeRangeOptions range = new TimeRangeOptions();

    @Mixin
    private PageOptions page = new PageOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        EventQuery query = filters.builder()
                .direction(ascending ? SortDirection.ASC : SortDirection.DESC)
                .range(range.range(LiteObsCommand.of(spec).clock().instant()))
                .limit(page.page().limit()).offset(page.page().offset())
                .build();
        List<BusinessEvent> events;
        try (StoreReader reader = file.openForReading()) {
            events = reader.findEvents(query);
        }
        try (Output out = output.open(spec.commandLine().getOut(), false)) {
            out.section("events", Rows.EVENTS);
            events.forEach(event -> Rows.event(out, event));
        }
        return ExitCode.OK;
    }
}
