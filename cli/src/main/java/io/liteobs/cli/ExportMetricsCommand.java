package io.liteobs.cli;

import io.liteobs.MetricMetadata;
import io.liteobs.TimeRange;
import io.liteobs.sqlite.SqliteFileInspector;
import io.liteobs.sqlite.SqliteFileInspector.StoredPoint;
import io.liteobs.sqlite.SqliteReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liteobs export metrics}: every point of the metrics asked for as OpenMetrics text, read series by series in
 * pages, so that a file of any size is exported in bounded memory.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Metric points as OpenMetrics text, which Prometheus imports with",
            "  promtool tsdb create-blocks-from openmetrics FILE DATA_DIR",
            "Names become Prometheus names (orders.latency: orders_latency). Gauges keep their type; counters and"
                    + " timers, stored as each step's increment, go as unknown. Of several points of one series in"
                    + " one millisecond, the last is written: Prometheus keeps one sample per millisecond."},
        footer = {"", "Examples:", "  liteobs export metrics -f obs.db -o orders.om",
            "  liteobs export metrics -f obs.db orders.latency --since 7d > latency.om"})
final class ExportMetricsCommand implements Callable<Integer> {

    /** Points read per query: bounded memory whatever the series' length. */
    static final int PAGE = 50_000;

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Only these metrics (default: every metric).")
    private List<String> names = new ArrayList<>();

    @Mixin
    private TimeRangeOptions range = new TimeRangeOptions();

    @Mixin
    private ExportTarget target = new ExportTarget();

    @Override
    public Integer call() {
        TimeRange selected = range.range(LiteObsCommand.of(spec).clock().instant());
        try (SqliteReader reader = file.openFile(spec.qualifiedName() + " is not available over PostgreSQL yet:"
                + " it pages through each series by the SQLite file's key; move a fleet's metrics into Prometheus"
                + " by scraping each instance, as docs/fleet.md shows")) {
            List<MetricMetadata> series = new ArrayList<>();
            if (names.isEmpty()) {
                series.addAll(reader.findMetricMetadata(null));
            } else {
                names.forEach(name -> series.addAll(reader.findMetricMetadata(name)));
            }
            // a family's samples must be contiguous: grouped by the Prometheus name, which two names can share
            series.sort(Comparator.comparing((MetricMetadata s) -> OpenMetricsText.metricName(s.name()))
                    .thenComparing(s -> s.labels().toJson()));
            SqliteFileInspector inspector = SqliteFileInspector.of(reader);
            target.write(out -> export(inspector, series, selected, out));
        }
        return ExitCode.OK;
    }

    private static void export(SqliteFileInspector inspector, List<MetricMetadata> series, TimeRange range,
            PrintWriter out) {
        OpenMetricsText text = new OpenMetricsText(out);
        String family = null;
        for (MetricMetadata one : series) {
            String name = OpenMetricsText.metricName(one.name());
            if (!name.equals(family)) {
                text.family(name, one.type(), one.description());
                family = name;
            }
            String labels = OpenMetricsText.labels(one.labels());
            StoredPoint pending = null;
            List<StoredPoint> page;
            do {
                // the last point read, held back until the next one shows its millisecond is over, is where the next page starts
                page = inspector.seriesPoints(one.seriesId(), range, pending, PAGE);
                for (StoredPoint point : page) {
                    if (pending != null && pending.timestampMillis() != point.timestampMillis()) {
                        text.sample(name, labels, pending.value(), pending.timestampMillis());
                    }
                    pending = point;
                }
            } while (page.size() == PAGE);
            if (pending != null) {
                text.sample(name, labels, pending.value(), pending.timestampMillis());
            }
        }
        text.end();
    }
}
