package io.liteobs;

import io.liteobs.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A query for one value per series over one window of time: every series of a metric that carries the given labels,
 * its points from {@code end - window} to {@code end}, both included, aggregated into one value. Unlike a
 * {@link DownsampleQuery} with a step as long as the window, whose buckets start on multiples of the step, the window
 * ends exactly at {@code end}: what an alert rule evaluated at that moment asks for.
 *
 * <pre>{@code
 * List<WindowAggregate> perSeries = store.aggregateWindow(WindowQuery.of("orders.latency",
 *         Labels.of("region", "eu"), Aggregation.AVG, Duration.ofMinutes(5), Instant.now().toEpochMilli()));
 * }</pre>
 *
 * @param name        the metric name
 * @param labels      the labels every series must carry (a subset match); empty for every series of the metric
 * @param aggregation how a series' points become one value: {@link Aggregation#AVG}, {@link Aggregation#MIN},
 *                    {@link Aggregation#MAX}, {@link Aggregation#LAST}, {@link Aggregation#SUM},
 *                    {@link Aggregation#COUNT} or {@link Aggregation#RATE} (the sum per second of the window)
 * @param window      how far back from {@code endMillis} the window reaches, at least a millisecond
 * @param endMillis   the end of the window, included, epoch milliseconds
 */
public record WindowQuery(String name, Labels labels, Aggregation aggregation, Duration window, long endMillis) {

    /** The aggregations a window query takes: those that fold points one by one, with no sort. */
    public static final Set<Aggregation> AGGREGATIONS = Set.of(Aggregation.AVG, Aggregation.MIN, Aggregation.MAX,
            Aggregation.LAST, Aggregation.SUM, Aggregation.COUNT, Aggregation.RATE);

    /**
     * Checks the query.
     *
     * @param name        the metric name
     * @param labels      the labels every series must carry (a subset match); empty for every series of the metric
     * @param aggregation how a series' points become one value: {@link Aggregation#AVG}, {@link Aggregation#MIN},
     *                    {@link Aggregation#MAX}, {@link Aggregation#LAST}, {@link Aggregation#SUM},
     *                    {@link Aggregation#COUNT} or {@link Aggregation#RATE} (the sum per second of the window)
     * @param window      how far back from {@code endMillis} the window reaches, at least a millisecond
     * @param endMillis   the end of the window, included, epoch milliseconds
     * @throws IllegalArgumentException naming the parameter: a blank name, a window under a millisecond, an end
     *                                  at the largest millisecond or a window reaching before the smallest, a
     *                                  percentile
     */
    public WindowQuery {
        Checks.name("name", name);
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(aggregation, "aggregation");
        Checks.positive("window", window);
        if (!AGGREGATIONS.contains(aggregation)) {
            throw new IllegalArgumentException("aggregation " + aggregation + " is not one a window query takes ("
                    + "AVG, MIN, MAX, LAST, SUM, COUNT, RATE); a percentile is read by downsample");
        }
        if (endMillis == Long.MAX_VALUE || endMillis - window.toMillis() > endMillis) {
            throw new IllegalArgumentException("endMillis " + endMillis + " minus window " + window
                    + " is out of range");
        }
    }

    /**
     * A query over the window of {@code window} that ends at {@code endMillis}.
     *
     * @param name        the metric name
     * @param labels      the labels every series must carry
     * @param aggregation how each series' points become one value
     * @param window      how far back the window reaches
     * @param endMillis   the end of the window, included
     * @return the query
     */
    public static WindowQuery of(String name, Labels labels, Aggregation aggregation, Duration window,
            long endMillis) {
        return new WindowQuery(name, labels, aggregation, window, endMillis);
    }

    /** @return the first millisecond of the window, {@code endMillis - window}, included */
    public long startMillis() {
        return endMillis - window.toMillis();
    }

    /** @return the window as a half-open range, {@code [start, end + 1 ms)} */
    public TimeRange range() {
        return TimeRange.between(Instant.ofEpochMilli(startMillis()), Instant.ofEpochMilli(endMillis + 1));
    }

    /** @return the window's length in seconds, which a rate divides by */
    public double windowSeconds() {
        return window.toMillis() / 1000.0;
    }
}
