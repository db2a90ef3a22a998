package io.liteobs.internal;

import io.liteobs.Labels;
import io.liteobs.MetricPoint;
import io.liteobs.common.internal.ThrottledLogger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the number of distinct series (label sets) per metric and in all. A point of a series already admitted
 * always passes; a point that would open a series past a bound is refused. Used by the writer thread only.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
public final class CardinalityGuard {

    private static final Logger LOG = LoggerFactory.getLogger(CardinalityGuard.class);

    private final int maxSeriesPerMetric;
    private final int maxSeriesTotal;
    private final Map<String, Set<Labels>> seriesByMetric = new HashMap<>();
    private final ThrottledLogger warnings = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);
    private int seriesTotal;

    public CardinalityGuard(int maxSeriesPerMetric, int maxSeriesTotal) {
        this.maxSeriesPerMetric = maxSeriesPerMetric;
        this.maxSeriesTotal = maxSeriesTotal;
    }

    /** Whether the point's series is admitted, admitting it if there is room. */
    public boolean admit(MetricPoint point) {
        Set<Labels> series = seriesByMetric.get(point.name());
        if (series != null && series.contains(point.labels())) {
            return true;
        }
        if (seriesTotal >= maxSeriesTotal) {
            warnings.warn("Metric {} {} refused: {} series recorded in all, the limit (maxSeriesTotal)",
                    point.name(), point.labels(), maxSeriesTotal);
            return false;
        }
        if (series == null) {
            series = new HashSet<>();
            seriesByMetric.put(point.name(), series);
        }
        if (series.size() >= maxSeriesPerMetric) {
            warnings.warn("Metric {} {} refused: the metric already has {} series, the limit (maxSeriesPerMetric);"
                    + " a label with unbounded values (ids, timestamps) is the usual cause", point.name(),
                    point.labels(), maxSeriesPerMetric);
            return false;
        }
        series.add(point.labels());
        seriesTotal++;
        return true;
    }
}
