package io.liteobs.cli;

import io.liteobs.Aggregation;
import io.liteobs.DownsampleQuery;
import io.liteobs.MetricMetadata;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import io.liteobs.postgres.PostgresReader;
import io.liteobs.postgres.PostgresSource;
import io.liteobs.postgres.PostgresStats;
import io.liteobs.spi.StoreReader;
import io.liteobs.sqlite.SqliteFileInspector;
import io.liteobs.sqlite.SqliteFileStats;
import io.liteobs.sqlite.SqliteReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liteobs stats}: what the file or database holds and how large it is, table by table; its busiest series; and
 * the library's recorder counters where the service stores them ({@code liteobs.recorder.*}). Over PostgreSQL the
 * first section is {@code database} instead of {@code file}, without the sizes only a file has (its pages, its
 * {@code -wal} log, its disk reserve), and series and recorder rows also name the service and instance that wrote
 * them.
 */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"What the file holds: its schema version; the sizes of the file, its -wal log and its disk"
                + " reserve; rows, bytes and oldest and newest time per table; the series with the most points;"
                + " and the recorders' counters (offered, persisted, dropped, rejected, failed) where the service"
                + " stores the liteobs.recorder.* metrics.",
            "Over PostgreSQL: the schema version and the number of sources instead of file sizes; a table's bytes"
                + " are pg_total_relation_size; series and recorders name the service and instance that wrote them.",
            "Counting reads every point's index entry: about a second per ten million points."},
        footer = {"", "Examples:", "  liteobs stats -f obs.db", "  liteobs stats -f obs.db --busiest 20 --json",
            "  liteobs stats -f 'jdbc:postgresql://db.internal/observability?user=liteobs_reader' --json"})
final class StatsCommand implements Callable<Integer> {

    /** The metrics LiteObs's Micrometer binder records about its own recorders. */
    static final String RECORDER_METRICS = "liteobs.recorder.";

    private static final List<Column> TABLE_COLUMNS = List.of(Column.text("table"), Column.integer("rows"),
            Column.bytes("bytes"), Column.time("oldest"), Column.time("newest"));
    private static final List<Column> BUSIEST_COLUMNS = List.of(Column.text("name"), Column.json("labels"),
            Column.integer("points"), Column.integer("series_id"));
    private static final List<Column> RECORDER_COLUMNS = List.of(Column.text("metric"), Column.text("component"),
            Column.number("value"), Column.time("as_of"));

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
        try (StoreReader reader = file.openForReading();
             Output out = output.open(spec.commandLine().getOut(), true)) {
            if (reader instanceof PostgresReader postgres) {
                databaseStats(postgres, out);
            } else {
                fileStats((SqliteReader) reader, out);
            }
        }
        return ExitCode.OK;
    }

    private void fileStats(SqliteReader reader, Output out) {
        SqliteFileStats stats = SqliteFileInspector.of(reader).stats(busiest);
        out.section("file", List.of(Column.text("file"), Column.integer("schema_version"),
                Column.bytes("file_bytes"), Column.bytes("wal_bytes"), Column.bytes("reserve_bytes"),
                Column.bytes("page_size"), Column.integer("pages"), Column.integer("free_pages"),
                Column.integer("series")));
        out.row(stats.file().toString(), stats.schemaVersion(), stats.fileBytes(), stats.walBytes(),
                stats.reserveBytes(), stats.pageSize(), stats.pageCount(), stats.freePages(), stats.seriesCount());
        out.section("tables", TABLE_COLUMNS);
        stats.tables().forEach(table -> out.row(table.table(), table.rows(), table.bytes(), table.oldestMillis(),
                table.newestMillis()));
        out.section("busiest_series", BUSIEST_COLUMNS);
        stats.busiestSeries().forEach(series -> out.row(series.name(), series.labels().toJson(), series.points(),
                series.seriesId()));
        out.section("recorders", RECORDER_COLUMNS);
        recorders(reader, out);
    }

    /**
     * The file's sections over a database: its sizes are PostgreSQL's, and series and recorders are each written by
     * one source, whose service and instance end their rows.
     */
    private void databaseStats(PostgresReader reader, Output out) {
        PostgresStats stats = reader.stats(busiest);
        out.section("database", List.of(Column.text("database"), Column.integer("schema_version"),
                Column.integer("sources"), Column.integer("series")));
        out.row(stats.database(), stats.schemaVersion(), stats.sources(), stats.seriesCount());
        out.section("tables", TABLE_COLUMNS);
        stats.tables().forEach(table -> out.row(table.table(), table.rows(), table.bytes(), table.oldestMillis(),
                table.newestMillis()));
        out.section("busiest_series", withSource(BUSIEST_COLUMNS));
        stats.busiestSeries().forEach(series -> out.row(series.name(), series.labels().toJson(), series.points(),
                series.seriesId(), series.service(), series.instance()));
        out.section("recorders", withSource(RECORDER_COLUMNS));
        for (PostgresSource source : reader.sources()) {
            recorders(reader.forSource(source.service(), source.instance()), out, source.service(),
                    source.instance());
        }
    }

    /** Over PostgreSQL, a section's columns and then the service and instance that wrote its row. */
    private static List<Column> withSource(List<Column> columns) {
        List<Column> withSource = new ArrayList<>(columns);
        withSource.add(Column.text("service"));
        withSource.add(Column.text("instance"));
        return withSource;
    }

    /** A row per recorder series the reader reads, each followed by the {@code source} values given. */
    private static void recorders(StoreReader reader, Output out, Object... source) {
        for (MetricMetadata series : reader.findMetricMetadata(null)) {
            if (series.name().startsWith(RECORDER_METRICS)) {
                List<@Nullable Object> row = new ArrayList<>(Arrays.asList(series.name(),
                        series.labels().get("component"), storedTotal(reader, series), series.lastSeenMillis()));
                row.addAll(Arrays.asList(source));
                out.row(row.toArray());
            }
        }
    }

    /**
     * What a recorder series says: counters are stored as each step's increment, so their stored points add up to
     * the count over the time the file keeps; a gauge (the queue) tells its latest value.
     */
    private static double storedTotal(StoreReader reader, MetricMetadata series) {
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
