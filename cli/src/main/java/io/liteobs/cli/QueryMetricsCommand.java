package io.liteobs.cli;

import io.liteobs.Aggregation;
import io.liteobs.DownsampleQuery;
import io.liteobs.Labels;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import io.liteobs.spi.StoreReader;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liteobs query metrics}: the series stored, a metric's raw points ({@link MetricQuery}), or its points
 * downsampled in SQL ({@link DownsampleQuery}).
 */
@Command(name = "metrics", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Without NAME: every stored series. With NAME: the metric's raw points, oldest first, or,"
                + " with --step, one aggregated value per step."},
        footer = {"", "Examples:", "  liteobs query metrics -f obs.db",
            "  liteobs query metrics -f obs.db orders.latency --label region=eu --since 15m",
            "  liteobs query metrics -f obs.db orders.latency --since 24h --step 5m --agg p95 --csv"})
final class QueryMetricsCommand implements Callable<Integer> {

    /** The range of a downsample when --since is not given. */
    private static final Duration DEFAULT_DOWNSAMPLE_RANGE = Duration.ofHours(1);

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The metric, such as orders.latency.")
    private @Nullable String name;

    @Option(names = "--label", paramLabel = "KEY=VALUE",
            description = "Only series carrying this label; repeat for several (all must match).")
    private Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--series", description = "List the metric's series instead of its points.")
    private boolean series;

    @Option(names = "--step", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Downsample: one value per step (1m, 5m, 1h), buckets aligned on multiples of the step"
                    + " since the epoch; the range defaults to the last hour.")
    private @Nullable Duration step;

    @Option(names = "--agg", paramLabel = "AGGREGATION", defaultValue = "AVG",
            description = "How a step's points become one value: ${COMPLETION-CANDIDATES} (default:"
                    + " ${DEFAULT-VALUE}).")
    private Aggregation aggregation = Aggregation.AVG;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + MetricQuery.DEFAULT_LIMIT,
            description = "Raw points: at most this many, 1 to " + MetricQuery.MAX_LIMIT
                    + " (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Mixin
    private TimeRangeOptions range = new TimeRangeOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        Instant now = LiteObsCommand.of(spec).clock().instant();
        try (StoreReader reader = file.openForReading(); Output out = output.open(spec.commandLine().getOut(),
                false)) {
            if (name == null || series) {
                List<MetricMetadata> found = reader.findMetricMetadata(name);
                Labels wanted = Labels.of(labels);
                out.section("series", Rows.SERIES);
                found.stream().filter(described -> described.labels().containsAll(wanted))
                        .forEach(described -> Rows.series(out, described));
            } else if (step != null) {
                TimeRange downsampled = range.range(now, DEFAULT_DOWNSAMPLE_RANGE);
                List<SeriesPoint> points = reader.downsample(DownsampleQuery.builder(name).labels(Labels.of(labels))
                        .range(downsampled).step(step).aggregation(aggregation).build());
                out.section("points", List.of(Column.time("timestamp"), Column.number("value"),
                        Column.integer("samples")));
                points.forEach(point -> out.row(point.timestampMillis(), point.value(), point.samples()));
            } else {
                List<MetricPoint> points = reader.findMetricPoints(MetricQuery.builder(name)
                        .labels(Labels.of(labels)).range(range.range(now)).limit(limit).build());
                out.section("points", Rows.POINTS);
                points.forEach(point -> Rows.point(out, point));
            }
        }
        return ExitCode.OK;
    }
}
