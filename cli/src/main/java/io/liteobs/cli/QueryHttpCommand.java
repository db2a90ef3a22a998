package io.liteobs.cli;

import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestOrder;
import io.liteobs.HttpRequestQuery;
import io.liteobs.SortDirection;
import io.liteobs.spi.StoreReader;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liteobs query http}: the HTTP requests a service answered, as {@link HttpRequestQuery} selects them. */
@Command(name = "http", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "HTTP requests, newest first unless told otherwise.",
        footer = {"", "Examples:", "  liteobs query http -f obs.db --status-class 5 --since 1h",
            "  liteobs query http -f obs.db --route '/orders/{id}' --order-by duration --limit 10 --json"})
final class QueryHttpCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Mixin
    private HttpRequestFilters filters = new HttpRequestFilters();

    @Option(names = "--order-by", paramLabel = "TIME|DURATION", defaultValue = "TIME",
            description = "What the requests are ordered by (default: ${DEFAULT-VALUE}).")
    private HttpRequestOrder orderBy = HttpRequestOrder.TIME;

    @Option(names = "--asc", description = "Smallest (oldest) first, instead of largest (newest) first.")
    private boolean ascending;

    @Mixin
    private TimeRangeOptions range = new TimeRangeOptions();

    @Mixin
    private PageOptions page = new PageOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        HttpRequestQuery query = filters.builder()
                .orderBy(orderBy).direction(ascending ? SortDirection.ASC : SortDirection.DESC)
                .range(range.range(LiteObsCommand.of(spec).clock().instant()))
                .limit(page.page().limit()).offset(page.page().offset())
                .build();
        List<HttpRequest> requests;
        try (StoreReader reader = file.openForReading()) {
            requests = reader.findHttpRequests(query);
        }
        try (Output out = output.open(spec.commandLine().getOut(), false)) {
            out.section("http", Rows.HTTP_REQUESTS);
            requests.forEach(request -> Rows.httpRequest(out, request));
        }
        return ExitCode.OK;
    }
}
