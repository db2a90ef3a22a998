package io.liteobs.cli;

import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestOrder;
import io.liteobs.HttpRequestQuery;
import io.liteobs.SortDirection;
import io.liteobs.spi.StoreReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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

    @Option(names = "--method", description = "Only this method, such as GET.")
    private @Nullable String method;

    @Option(names = "--route", description = "Only this route template, such as /orders/{id}.")
    private @Nullable String route;

    @Option(names = "--status", paramLabel = "CODE", description = "Only this status code, such as 404.")
    private @Nullable Integer status;

    @Option(names = "--status-class", paramLabel = "1-5",
            description = "Only this class of status codes: 4 for 4xx, 5 for 5xx; not with --status.")
    private @Nullable Integer statusClass;

    @Option(names = "--min-duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only requests that took at least this long, such as 500ms or 2s.")
    private @Nullable Duration minDuration;

    @Option(names = "--request", description = "Only this request id.")
    private @Nullable String requestId;

    @Option(names = "--user", description = "Only this user (stored only when the service logs users).")
    private @Nullable String user;

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
        HttpRequestQuery query = HttpRequestQuery.builder()
                .method(method).route(route).status(status).statusClass(statusClass).minDuration(minDuration)
                .requestId(requestId).user(user)
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
