package io.liteobs.internal;

import io.liteobs.Labels;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.spi.StoreReader;

/**
 * One series' points folded in query order (oldest first) into what a {@link WindowQuery} can ask for; for the stores
 * that aggregate in Java: the in-memory store and the default of {@link StoreReader#aggregateWindow}. Not thread-safe.
 */
public final class WindowFold {

    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double last = Double.NaN;

    /** An empty fold. */
    public WindowFold() {
    }

    /**
     * Adds the next point's value; the last one added is the series' latest.
     *
     * @param value the point's value
     */
    public void add(double value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        last = value;
    }

    /**
     * The series' row of the answer.
     *
     * @param labels the series' labels
     * @param query  the query, for its aggregation and its window's length
     * @return the aggregate
     * @throws IllegalStateException when no value was added
     */
    public WindowAggregate toAggregate(Labels labels, WindowQuery query) {
        if (count == 0) {
            throw new IllegalStateException("a series without points in the window has no aggregate");
        }
        double value = switch (query.aggregation()) {
            case AVG -> sum / count;
            case MIN -> min;
            case MAX -> max;
            case LAST -> last;
            case SUM -> sum;
            case COUNT -> count;
            case RATE -> sum / query.windowSeconds();
            case P50, P90, P95, P99 -> throw new IllegalArgumentException(query.aggregation()
                    + " is not a window aggregation");
        };
        return new WindowAggregate(labels, value, count);
    }
}
