package io.liteobs.alerting;

import io.liteobs.Labels;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The points of a metric's series that carry the matcher's labels, in the window ending at the evaluation, each
 * series aggregated on its own: one observation per label set. With {@code listSilent}, series described in the
 * store but without a point in the window are observed too, with no samples (for "absent for"); when the metric has
 * no series at all, the matcher's label set stands for it.
 */
final class MetricSource implements AlertSource {

    /** The most points one evaluation reads; a window holding more is evaluated on its oldest points. */
    static final int MAX_POINTS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(MetricSource.class);

    /** How a series' points in the window become one value. */
    enum Function {
        AVG, MIN, MAX, LAST, SUM, COUNT,
        /** The increments of a counter (stored per step, as Micrometer's step counters are) summed, per second. */
        RATE;

        String lowerCase() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String metric;
    private final Labels matcher;
    private final Function function;
    private final Duration window;
    private final boolean listSilent;

    MetricSource(String metric, Labels matcher, Function function, Duration window, boolean listSilent) {
        this.metric = metric;
        this.matcher = matcher;
        this.function = function;
        this.window = window;
        this.listSilent = listSilent;
    }

    @Override
    public String name() {
        return "metric:" + metric;
    }

    @Override
    public String describe() {
        String selector = metric + Templates.selector(matcher);
        return listSilent ? selector + " over " + Durations.format(window)
                : function.lowerCase() + " of " + selector + " over " + Durations.format(window);
    }

    String metric() {
        return metric;
    }

    Duration window() {
        return window;
    }

    @Override
    public List<Observation> observe(EvaluationContext context) {
        long now = context.nowMillis();
        TimeRange range = TimeRange.between(Instant.ofEpochMilli(now - window.toMillis()),
                Instant.ofEpochMilli(now + 1));
        List<MetricPoint> points = context.store().findMetricPoints(MetricQuery.builder(metric).labels(matcher)
                .range(range).limit(MAX_POINTS).build());
        if (points.size() == MAX_POINTS) {
            LOG.warn("Alert source {} read {} points in {}, the most it reads: the newest were left out. Use a shorter"
                    + " window or a narrower label matcher.", describe(), MAX_POINTS, Durations.format(window));
        }
        Map<Labels, List<MetricPoint>> bySeries = new LinkedHashMap<>();
        for (MetricPoint point : points) {
            bySeries.computeIfAbsent(point.labels(), labels -> new ArrayList<>()).add(point);
        }
        List<Observation> observations = new ArrayList<>(bySeries.size());
        bySeries.forEach((labels, series) -> observations.add(new Observation(labels, aggregate(series),
                series.size())));
        if (listSilent) {
            List<MetricMetadata> known = context.store().findMetricMetadata(metric);
            boolean anyKnown = false;
            for (MetricMetadata series : known) {
                if (series.labels().containsAll(matcher)) {
                    anyKnown = true;
                    if (!bySeries.containsKey(series.labels())) {
                        observations.add(Observation.silent(series.labels()));
                    }
                }
            }
            if (!anyKnown) {
                observations.add(Observation.silent(matcher));
            }
        }
        return observations;
    }

    /** The aggregate of one series' points, oldest first. */
    private double aggregate(List<MetricPoint> series) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (MetricPoint point : series) {
            sum += point.value();
            min = Math.min(min, point.value());
            max = Math.max(max, point.value());
        }
        return switch (function) {
            case AVG -> sum / series.size();
            case MIN -> min;
            case MAX -> max;
            case LAST -> series.get(series.size() - 1).value();
            case SUM -> sum;
            case COUNT -> series.size();
            case RATE -> sum / (window.toMillis() / 1000.0);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricSource other && metric.equals(other.metric) && matcher.equals(other.matcher)
                && function == other.function && window.equals(other.window) && listSilent == other.listSilent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(metric, matcher, function, window, listSilent);
    }

    @Override
    public String toString() {
        return describe();
    }
}
