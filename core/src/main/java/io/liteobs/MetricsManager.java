package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.CardinalityGuard;
import io.liteobs.internal.CheckedStrings;
import io.liteobs.internal.Checks;
import io.liteobs.internal.RecordQueue;
import io.liteobs.internal.Rejection;
import io.liteobs.internal.Text;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.WriteBatch;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Records metric points and reads them back, raw or downsampled in the store. Recording costs a validation, one
 * small allocation and a lock-free queue offer; it never blocks under the default policy and never throws.
 *
 * <pre>{@code
 * MetricsManager metrics = liteObs.metrics();
 * Labels eu = Labels.of("region", "eu");          // build labels once, reuse them
 * metrics.record("orders.latency", 12.5, "ms", eu);
 * metrics.record("orders.open", 17);
 * List<SeriesPoint> perMinute = metrics.downsample(DownsampleQuery.builder("orders.latency")
 *         .range(TimeRange.last(Duration.ofHours(1), Instant.now())).build());
 * }</pre>
 *
 * <p>Points with a blank name, a name with control characters, a NaN or infinite value, or a timestamp given before
 * 2000-01-01 are rejected and counted, and the writer logs why (the first three at once, then once a minute);
 * -0.0 is stored as 0.0. Each metric keeps at most {@code maxSeriesPerMetric} distinct label sets
 * (default {@value #DEFAULT_MAX_SERIES_PER_METRIC}) and the recorder at most {@code maxSeriesTotal} (default
 * {@value #DEFAULT_MAX_SERIES_TOTAL}): a point that would open a series past either bound is rejected and counted,
 * with a throttled warning naming the metric; the series already open keep recording.
 */
public final class MetricsManager extends Recorder {

    /** The name of this recorder in counters and logs. */
    public static final String COMPONENT = "metrics";
    /** The default bound on distinct label sets per metric. */
    public static final int DEFAULT_MAX_SERIES_PER_METRIC = 1_000;
    /** The default bound on distinct series over all metrics. */
    public static final int DEFAULT_MAX_SERIES_TOTAL = 100_000;

    private static final RecorderOptions DESCRIPTION_OPTIONS = RecorderOptions.of(1_024, OverflowPolicy.BLOCK);

    private static final Rejection NOT_FINITE = new Rejection("value", Rejection.Problem.NOT_FINITE);
    private static final Rejection BEFORE_2000 = new Rejection("timestampMillis", Rejection.Problem.BEFORE_2000);
    private static final Rejection INSTANT_BEFORE_2000 = new Rejection("timestamp", Rejection.Problem.BEFORE_2000);
    private static final Rejection NO_TIMESTAMP = new Rejection("timestamp", Rejection.Problem.MISSING);
    private static final Instant EARLIEST_TIMESTAMP = Instant.ofEpochMilli(Rejection.EARLIEST_TIMESTAMP_MILLIS);
    private static final Instant LATEST_TIMESTAMP = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final RecordQueue<MetricPoint> points;
    private final RecordQueue<MetricDescription> descriptions;
    private final CheckedStrings validNames = new CheckedStrings();
    private final CheckedStrings cleanUnits = new CheckedStrings();

    MetricsManager(ObservabilityStore store, Clock clock, RecorderOptions options, int maxSeriesPerMetric,
                   int maxSeriesTotal, BatchWriter writer, boolean ownsWriter) {
        super(store, clock, writer, ownsWriter);
        CardinalityGuard guard = new CardinalityGuard(maxSeriesPerMetric, maxSeriesTotal);
        this.points = writer.register(new RecordQueue<>(COMPONENT, options, WriteBatch.Buffer::metrics, guard::admit));
        this.descriptions = writer.register(
                new RecordQueue<>(COMPONENT + ".descriptions", DESCRIPTION_OPTIONS, WriteBatch.Buffer::descriptions, null));
    }

    /**
     * A builder for a metrics manager of its own over {@code store}, with its own writer thread. The store stays
     * the caller's to close. To record metrics beside the other recorders, use {@link LiteObs#metrics()}.
     *
     * @param store the store to write to; it stays the caller's to close
     * @return a builder for a metrics manager of its own over {@code store}, with its own writer thread
     */
    public static Builder builder(ObservabilityStore store) {
        return new Builder(store);
    }

    /**
     * Records a value without labels or unit, stamped now.
     *
     * @param name the metric name; blank or with control characters is rejected
     * @param value the value; NaN and infinities are rejected
     * @return whether the point was queued (false: rejected, dropped on overflow, or the manager is closed)
     */
    public boolean record(String name, double value) {
        return recordAt(name, value, null, Labels.empty(), clock.millis());
    }

    /**
     * Records a value of the labelled series, stamped now.
     *
     * @param name the metric name; blank or with control characters is rejected
     * @param value the value; NaN and infinities are rejected
     * @param labels the series; null means no labels
     * @return whether the point was queued (false: rejected, dropped on overflow, or the manager is closed)
     */
    public boolean record(String name, double value, Labels labels) {
        return recordAt(name, value, null, labels, clock.millis());
    }

    /**
     * Records a value with its unit, stamped now.
     *
     * @param name the metric name; blank or with control characters is rejected
     * @param value the value; NaN and infinities are rejected
     * @param unit the unit, such as {@code ms}; may be null
     * @param labels the series; null means no labels
     * @return whether the point was queued (false: rejected, dropped on overflow, or the manager is closed)
     */
    public boolean record(String name, double value, @Nullable String unit, Labels labels) {
        return recordAt(name, value, unit, labels, clock.millis());
    }

    /**
     * Records a value observed at a given time.
     *
     * @param name            the metric name; blank or with control characters is rejected
     * @param value           the value; NaN and infinities are rejected
     * @param unit            the unit, such as {@code ms}; may be null
     * @param labels          the series; null means no labels
     * @param timestampMillis epoch milliseconds; before 2000-01-01 (epoch seconds, say) is rejected
     * @return whether the point was queued (false: rejected, dropped on overflow, or the manager is closed)
     */
    public boolean record(String name, double value, @Nullable String unit, @Nullable Labels labels,
                          long timestampMillis) {
        if (timestampMillis >= Rejection.EARLIEST_TIMESTAMP_MILLIS) {
            return recordAt(name, value, unit, labels, timestampMillis);
        }
        if (!points.dropIfClosed()) {
            points.reject(BEFORE_2000);
        }
        return false;
    }

    /**
     * Records a value observed at a given time.
     *
     * @param name the metric name; blank or with control characters is rejected
     * @param value the value; NaN and infinities are rejected
     * @param unit the unit, such as {@code ms}; may be null
     * @param labels the series; null means no labels
     * @param timestamp when it was observed; null, or before 2000-01-01, is rejected; one past the last epoch
     *                  millisecond a {@code long} holds (some 292 million years ahead) is stored as that millisecond
     * @return whether the point was queued (false: rejected, dropped on overflow, or the manager is closed)
     */
    public boolean record(String name, double value, @Nullable String unit, @Nullable Labels labels,
                          @Nullable Instant timestamp) {
        if (timestamp != null && !timestamp.isBefore(EARLIEST_TIMESTAMP)) {
            return recordAt(name, value, unit, labels,
                    timestamp.isAfter(LATEST_TIMESTAMP) ? Long.MAX_VALUE : timestamp.toEpochMilli());
        }
        if (!points.dropIfClosed()) {
            points.reject(timestamp == null ? NO_TIMESTAMP : INSTANT_BEFORE_2000);
        }
        return false;
    }

    /** Records a point stamped by the caller or the clock; a time the clock gives is not checked. */
    private boolean recordAt(String name, double value, @Nullable String unit, @Nullable Labels labels,
                             long timestampMillis) {
        if (points.dropIfClosed()) {
            return false;
        }
        Rejection.Problem nameProblem = nameProblem(name);
        if (nameProblem != null || !Double.isFinite(value)) {
            points.reject(nameProblem != null ? new Rejection("name", nameProblem) : NOT_FINITE);
            return false;
        }
        // adding 0.0 turns -0.0 into 0.0 and leaves every other value as it is
        return points.offer(new MetricPoint(name, value + 0.0, cleanUnit(unit),
                labels == null ? Labels.empty() : labels, timestampMillis));
    }

    /** What makes the name invalid, or null; a name already found valid is not checked again. */
    private Rejection.@Nullable Problem nameProblem(@Nullable String name) {
        if (name != null && validNames.contains(name)) {
            return null;
        }
        Rejection.Problem problem = Text.nameProblem(name);
        if (problem == null && name != null) {
            validNames.add(name);
        }
        return problem;
    }

    /** The unit as {@link Text#shortText} cleans it; a unit already found clean is not scanned again. */
    private @Nullable String cleanUnit(@Nullable String unit) {
        if (unit == null || cleanUnits.contains(unit)) {
            return unit;
        }
        String cleaned = Text.shortText(unit);
        if (cleaned == unit) {
            cleanUnits.add(unit);
        }
        return cleaned;
    }

    /**
     * Says what a metric is; stored for every series of the metric, those recorded already and those to come.
     *
     * @param name the metric name; blank or with control characters is rejected
     * @param type whether the metric is a counter, a gauge or another kind of quantity
     * @param unit the unit, such as {@code ms}; may be null
     * @param description what the metric measures, for a person; may be null
     * @throws IllegalArgumentException for a blank name or a null type
     */
    public void describe(String name, MetricType type, @Nullable String unit, @Nullable String description) {
        descriptions.offer(new MetricDescription(Checks.name("name", name), Objects.requireNonNull(type, "type"),
                Text.shortText(unit), Text.longText(description)));
    }

    /**
     * Stored points matching the query, oldest first. Points still queued are not seen.
     *
     * @param query the metric, its labels, the range and the limit
     * @return stored points matching the query, oldest first
     * @throws io.liteobs.spi.StoreException when the store cannot be read
     */
    public List<MetricPoint> query(MetricQuery query) {
        return store.findMetricPoints(Objects.requireNonNull(query, "query"));
    }

    /**
     * The stored points matching the query, aggregated per step in the store.
     *
     * @param query the series, the range, the step and the aggregation
     * @return the stored points matching the query, aggregated per step in the store
     * @throws io.liteobs.spi.StoreException when the store cannot be read
     */
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        return store.downsample(Objects.requireNonNull(query, "query"));
    }

    /**
     * Every stored series of the named metric, with type, unit, description and first and last seen.
     *
     * @param name the metric name; blank or with control characters is rejected
     * @return every stored series of the named metric, with type, unit, description and first and last seen
     */
    public List<MetricMetadata> metadata(String name) {
        return store.findMetricMetadata(Checks.name("name", name));
    }

    /**
     * Every stored series of every metric.
     *
     * @return every stored series of every metric
     */
    public List<MetricMetadata> metadata() {
        return store.findMetricMetadata(null);
    }

    @Override
    RecordQueue<?>[] queues() {
        return new RecordQueue<?>[] {points, descriptions};
    }

    /** Builds a {@link MetricsManager} of its own; defaults: {@link RecorderOptions#METRICS_DEFAULT}. */
    public static final class Builder extends RecorderBuilder<Builder> {
        private int maxSeriesPerMetric = DEFAULT_MAX_SERIES_PER_METRIC;
        private int maxSeriesTotal = DEFAULT_MAX_SERIES_TOTAL;

        private Builder(ObservabilityStore store) {
            super(store, RecorderOptions.METRICS_DEFAULT);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The bounds on distinct series, per metric and in all.
         *
         * @param perMetric the most distinct series of one metric
         * @param total the most distinct series of all metrics together
         * @return this builder
         * @throws IllegalArgumentException when a bound is below 1 or the total is below the per-metric bound
         */
        public Builder maxSeries(int perMetric, int total) {
            this.maxSeriesPerMetric = Checks.inRange("maxSeriesPerMetric", perMetric, 1, Integer.MAX_VALUE);
            this.maxSeriesTotal = Checks.inRange("maxSeriesTotal", total, perMetric, Integer.MAX_VALUE);
            return this;
        }

        /**
         * A manager with its own writer thread, running.
         *
         * @return a manager with its own writer thread, running
         */
        public MetricsManager build() {
            return new MetricsManager(store, clock, options, maxSeriesPerMetric, maxSeriesTotal,
                    newWriter(COMPONENT), true);
        }
    }
}
