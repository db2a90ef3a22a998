package io.liteobs.cli;

import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
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

/**
 * {@code liteobs query routes}: per-route HTTP statistics ({@link HttpStatsQuery}) — counts, rates, error rates and
 * exact percentiles — over the range, or one row per route and step.
 */
@Command(name = "routes", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Per-route HTTP statistics: requests, requests per second, 4xx and 5xx rates, p50, p90, p95,"
                + " p99 and longest duration, over the range (default: the last hour), or per --step."},
        footer = {"", "Examples:", "  liteobs query routes -f obs.db --since 24h",
            "  liteobs query routes -f obs.db --route '/orders/{id}' --since 6h --step 15m --csv"})
final class QueryRoutesCommand implements Callable<Integer> {

    /** The range of the statistics when --since is not given. */
    private static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Option(names = "--method", description = "Only this method, such as GET.")
    private @Nullable String method;

    @Option(names = "--route", description = "Only this route template, such as /orders/{id}.")
    private @Nullable String route;

    @Option(names = "--step", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "One row per route and step (1m, 15m, 1h), steps aligned on multiples of the step since"
                    + " the epoch; at most " + HttpStatsQuery.MAX_STEPS + " steps.")
    private @Nullable Duration step;

    @Mixin
    private TimeRangeOptions range = new TimeRangeOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        HttpStatsQuery query = HttpStatsQuery.builder(range.range(LiteObsCommand.of(spec).clock().instant(),
                DEFAULT_RANGE)).method(method).route(route).step(step).build();
        List<HttpRouteStats> routes;
        try (StoreReader reader = file.openForReading()) {
            routes = reader.httpRouteStats(query);
        }
        try (Output out = output.open(spec.commandLine().getOut(), false)) {
            out.section("routes", Rows.HTTP_ROUTES);
            routes.forEach(stats -> Rows.httpRoute(out, stats));
        }
        return ExitCode.OK;
    }
}
