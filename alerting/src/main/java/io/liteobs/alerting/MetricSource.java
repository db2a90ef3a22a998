package io.liteobs.alerting;

import io.liteobs.Aggregation;
import io.liteobs.Labels;
import io.liteobs.MetricMetadata;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The points of a metric's series that carry the matcher's labels, in the window ending at the evaluation, each
 * series aggregated on its own by the store ({@link io.liteobs.spi.StoreReader#aggregateWindow}, one query per
 * evaluation): one observation per label set. With {@code listSilent}, series described in the
 * store but without a point in the window are observed too, with no samples (for "absent for"); when the metric has
 * no series at all, the matcher's label set stands for it.
 */
final class MetricSource implements AlertSource {

    /** How a series' points in the window become one value. */
    enum Function {
        AVG, MIN, MAX, LAST, SUM, COUNT,
        /** The increments of a counter (stored per step, as Micrometer's step counters are) summed, per second. */
        RATE;

        String lowerCase() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The store's aggregation of the same name: the store folds the window's points, not the evaluator. */
        Aggregation aggregation() {
            return Aggregation.valueOf(name());
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
        List<WindowAggregate> aggregates = context.store().aggregateWindow(WindowQuery.of(metric, matcher,
                function.aggregation(), window, context.nowMillis()));
        List<Observation> observations = new ArrayList<>(aggregates.size());
        Set<Labels> observed = new HashSet<>();
        for (WindowAggregate series : aggregates) {
            observations.add(new Observation(series.labels(), series.value(), series.samples()));
            observed.add(series.labels());
        }
        if (listSilent) {
            List<MetricMetadata> known = context.store().findMetricMetadata(metric);
            boolean anyKnown = false;
            for (MetricMetadata series : known) {
                if (series.labels().containsAll(matcher)) {
                    anyKnown = true;
                    if (!observed.contains(series.labels())) {
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
