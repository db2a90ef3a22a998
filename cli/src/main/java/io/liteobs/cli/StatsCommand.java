package io.liteobs.cli;

import io.liteobs.Aggregation;
import io.liteobs.DownsampleQuery;
import io.liteobs.MetricMetadata;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import io.liteobs.sqlite.SqliteFileInspector;
import io.liteobs.sqlite.SqliteFileStats;
import io.liteobs.sqlite.SqliteReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liteobs stats}: what the file holds and how large it is, table by table; its busiest series; and the
 * library's recorder counters where the service stores them ({@code liteobs.recorder.*}).
 */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"What the file holds: its schema version; the sizes of the file, its -wal log and its disk"
                + " reserve; rows, bytes and oldest and newest time per table; the series with the most points;"
                + " and the recorders' counters (offered, persisted, dropped, rejected, failed) where the service"
                + " stores the liteobs.recorder.* metrics.",
            "Counting reads every point's index entry: about a second per ten million points."},
        footer = {"", "Examples:", "  liteobs stats -f obs.db", "  liteobs stats -f obs.db --busiest 20 --json"})
final class StatsCommand implements Callable<Integer> {

    /** The metrics LiteObs's Micrometer binder records about its own recorders. */
    static final String RECORDER_METRICS = "liteobs.recorder.";

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Option(names = "--busiest", paramLabel = "N", defaultValue = "5",
            description = "How many of the series with the most points to list, 0 to "
                    + SqliteFileInspector.MAX_BUSIEST_SERIES + " (default: ${DEFAULT-VALUE}).")
    private int busiest;

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        try (SqliteReader reader = file.openFile(spec.qualifiedName() + " is not available over PostgreSQL: it"
                + " reads a SQLite file's pages and sizes, which a database server keeps in its own catalogs; use"
                + " query and liveness there, or PostgreSQL's pg_stat_user_tables");
             Output out = output.open(spec.commandLine().getOut(), true)) {
            SqliteFileStats stats = SqliteFileInspector.of(reader).stats(busiest);
            out.section("file", List.of(Column.text("file"), Column.integer("schema_version"),
                    Column.bytes("file_bytes"), Column.bytes("wal_bytes"), Column.bytes("reserve_bytes"),
                    Column.bytes("page_size"), Column.integer("pages"), Column.integer("free_pages"),
                    Column.integer("series")));
            out.row(stats.file().toString(), stats.schemaVersion(), stats.fileBytes(), stats.walBytes(),
                    stats.reserveBytes(), stats.pageSize(), stats.pageCount(), stats.freePages(), stats.seriesCount());

            out.section("tables", List.of(Column.text("table"), Column.integer("rows"), Column.bytes("bytes"),
                    Column.time("oldest"), Column.time("newest")));
            stats.tables().forEach(table -> out.row(table.table(), table.rows(), table.bytes(), table.oldestMillis(),
                    table.newestMillis()));

            out.section("busiest_series", List.of(Column.text("name"), Column.json("labels"),
                    Column.integer("points"), Column.integer("series_id")));
            stats.busiestSeries().forEach(series -> out.row(series.name(), series.labels().toJson(),
                    series.points(), series.seriesId()));

            out.section("recorders", List.of(Column.text("metric"), Column.text("component"),
                    Column.number("value"), Column.time("as_of")));
            for (MetricMetadata series : reader.findMetricMetadata(null)) {
                if (series.name().startsWith(RECORDER_METRICS)) {
                    out.row(series.name(), series.labels().get("component"), storedTotal(reader, series),
                            series.lastSeenMillis());
                }
            }
        }
        return ExitCode.OK;
    }

    /**
     * What a recorder series says: counters are stored as each step's increment, so their stored points add up to
     * the count over the time the file keeps; a gauge (the queue) tells its latest value.
     */
    private static double storedTotal(SqliteReader reader, MetricMetadata series) {
        long first = series.firstSeenMillis();
        long last = series.lastSeenMillis();
        boolean gauge = series.name().equals(RECORDER_METRICS + "queued");
        // one step as long as the range: at most two buckets, as buckets start on multiples of the step
        List<SeriesPoint> buckets = reader.downsample(DownsampleQuery.builder(series.name())
                .labels(series.labels())
                .range(TimeRange.between(Instant.ofEpochMilli(first), Instant.ofEpochMilli(last + 1)))
                .step(Duration.ofMillis(last - first + 1))
                .aggregation(gauge ? Aggregation.LAST : Aggregation.SUM)
                .build());
        if (gauge) {
            return buckets.isEmpty() ? 0 : buckets.get(buckets.size() - 1).value();
        }
        return buckets.stream().mapToDouble(SeriesPoint::value).sum();
    }
}
