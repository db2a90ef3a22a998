package io.liteobs.cli;

import io.liteobs.Labels;
import io.liteobs.MetricMetadata;
import io.liteobs.TimeRange;
import io.liteobs.postgres.PostgresReader;
import io.liteobs.postgres.PostgresSource;
import io.liteobs.spi.StoreReader;
import io.liteobs.sqlite.SqliteFileInspector;
import io.liteobs.sqlite.SqliteFileInspector.StoredPoint;
import io.liteobs.sqlite.SqliteReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liteobs export metrics}: every point of the metrics asked for as OpenMetrics text, read series by series in
 * pages, so that a file of any size is exported in bounded memory. Over PostgreSQL, each series also carries the
 * {@code service} and {@code instance} of the source that writes it, unless it has labels of those names: series of
 * several instances may share name and labels, and Prometheus needs each series once.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Metric points as OpenMetrics text, which Prometheus imports with",
            "  promtool tsdb create-blocks-from openmetrics FILE DATA_DIR",
            "Names become Prometheus names (orders.latency: orders_latency). Gauges keep their type; counters and"
                    + " timers, stored as each step's increment, go as unknown. Of several points of one series in"
                    + " one millisecond, the last is written: Prometheus keeps one sample per millisecond.",
            "Over PostgreSQL, each series also carries the labels service and instance of the source that writes it"
                    + " (a series' own label of either name is kept)."},
        footer = {"", "Examples:", "  liteobs export metrics -f obs.db -o orders.om",
            "  liteobs export metrics -f obs.db orders.latency --since 7d > latency.om"})
final class ExportMetricsCommand implements Callable<Integer> {

    /** Points read per query: bounded memory whatever the series' length. */
    static final int PAGE = 50_000;
    /** Over PostgreSQL, the label naming the service that writes a series, as Prometheus's {@code job} does. */
    static final String SERVICE_LABEL = "service";
    /** Over PostgreSQL, the label naming the instance that writes a series, as Prometheus's {@code instance} does. */
    static final String INSTANCE_LABEL = "instance";

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
        try (StoreReader reader = file.openForReading()) {
            if (reader instanceof PostgresReader postgres) {
                List<ExportedSeries> series = new ArrayList<>();
                for (PostgresSource source : postgres.sources()) {
                    Map<String, String> sourceLabels = Map.of(SERVICE_LABEL, source.service(), INSTANCE_LABEL,
                            source.instance());
                    selected(postgres.forSource(source.service(), source.instance())).forEach(one -> series.add(
                            new ExportedSeries(one, withDefaults(one.labels(), sourceLabels))));
                }
                target.write(out -> export(series, selected, postgres::seriesPoints,
                        PostgresReader.StoredPoint::timestampMillis, PostgresReader.StoredPoint::value, out));
            } else {
                List<ExportedSeries> series = selected(reader).stream()
                        .map(one -> new ExportedSeries(one, OpenMetricsText.labels(one.labels().asMap()))).toList();
                SqliteFileInspector inspector = SqliteFileInspector.of((SqliteReader) reader);
                target.write(out -> export(series, selected, inspector::seriesPoints, StoredPoint::timestampMillis,
                        StoredPoint::value, out));
            }
        }
        return ExitCode.OK;
    }

    /** The series of the metrics asked for, or of every metric. */
    private List<MetricMetadata> selected(StoreReader reader) {
        if (names.isEmpty()) {
            return reader.findMetricMetadata(null);
        }
        List<MetricMetadata> series = new ArrayList<>();
        names.forEach(name -> series.addAll(reader.findMetricMetadata(name)));
        return series;
    }

    /** The sample labels of a series' labels, and of those of {@code defaults} it does not have. */
    private static String withDefaults(Labels labels, Map<String, String> defaults) {
        Map<String, String> merged = new TreeMap<>(defaults);
        merged.putAll(labels.asMap());
        return OpenMetricsText.labels(merged);
    }

    /**
     * Writes every point of the series in range; {@code pages} reads a series' points a page at a time, in the order
     * of the store's key, each page starting after the point given.
     */
    private static <P> void export(List<ExportedSeries> unordered, TimeRange range, SeriesPages<P> pages,
            ToLongFunction<P> timestampMillis, ToDoubleFunction<P> value, PrintWriter out) {
        // a family's samples must be contiguous: grouped by the Prometheus name, which two names can share
        List<ExportedSeries> series = unordered.stream()
                .sorted(Comparator.comparing((ExportedSeries s) -> OpenMetricsText.metricName(s.metadata().name()))
                        .thenComparing(ExportedSeries::labels))
                .toList();
        OpenMetricsText text = new OpenMetricsText(out);
        String family = null;
        for (ExportedSeries one : series) {
            String name = OpenMetricsText.metricName(one.metadata().name());
            if (!name.equals(family)) {
                text.family(name, one.metadata().type(), one.metadata().description());
                family = name;
            }
            String labels = one.labels();
            P pending = null;
            List<P> page;
            do {
                // the last point read, held back until the next one shows its millisecond is over, is where the
                // next page starts
                page = pages.page(one.metadata().seriesId(), range, pending, PAGE);
                for (P point : page) {
                    if (pending != null && timestampMillis.applyAsLong(pending) != timestampMillis.applyAsLong(point)) {
                        text.sample(name, labels, value.applyAsDouble(pending), timestampMillis.applyAsLong(pending));
                    }
                    pending = point;
                }
            } while (page.size() == PAGE);
            if (pending != null) {
                text.sample(name, labels, value.applyAsDouble(pending), timestampMillis.applyAsLong(pending));
            }
        }
        text.end();
    }

    /** A series to export and the labels its samples carry, as {@link OpenMetricsText#labels} writes them. */
    private record ExportedSeries(MetricMetadata metadata, String labels) {
    }

    /** Reads one page of a series' points, oldest first, after the point given (null for the first page). */
    @FunctionalInterface
    private interface SeriesPages<P> {
        List<P> page(long seriesId, TimeRange range, @Nullable P after, int limit);
    }
}
