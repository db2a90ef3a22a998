package io.liteobs;

import io.liteobs.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A query for per-route statistics of HTTP requests over a time range: one {@link HttpRouteStats} per method and
 * route, or, with a {@link #step()}, one per method, route and step for charts. Steps start on multiples of the step
 * since the epoch, as {@link DownsampleQuery}'s buckets do; empty steps are left out.
 *
 * <pre>{@code
 * TimeRange lastDay = TimeRange.last(Duration.ofHours(24), Instant.now());
 * List<HttpRouteStats> perRoute = obs.http().stats(HttpStatsQuery.builder(lastDay).build());
 * List<HttpRouteStats> chart = obs.http().stats(HttpStatsQuery.builder(lastDay)
 *         .route("/orders/{id}")
 *         .step(Duration.ofMinutes(5))
 *         .build());
 * }</pre>
 *
 * @param range  the time range, on the time each request started; required
 * @param method exact method, or null for every method
 * @param route  exact route template, or null for every route
 * @param step   the width of each step, at least one millisecond, or null for the whole range at once
 */
public record HttpStatsQuery(TimeRange range, @Nullable String method, @Nullable String route,
                             @Nullable Duration step) {

    /** The most steps one query may ask for. */
    public static final int MAX_STEPS = DownsampleQuery.MAX_BUCKETS;

    /**
     * @param range the time range, on the time each request started; required
     * @param method exact method, or null for every method
     * @param route exact route template, or null for every route
     * @param step the width of each step, at least one millisecond, or null for the whole range at once
     * @throws IllegalArgumentException naming the parameter out of range
     *
     */
    public HttpStatsQuery {
        Objects.requireNonNull(range, "range");
        if (step != null) {
            Checks.positive("step", step);
            long steps = Math.max(1, (range.toMillis() - range.fromMillis()) / step.toMillis());
            if (steps > MAX_STEPS) {
                throw new IllegalArgumentException("range / step asks for " + steps + " steps, at most " + MAX_STEPS
                        + ": use a larger step or a shorter range");
            }
        }
    }

    /**
     * {@link #step()} in milliseconds, or 0 for none.
     *
     * @return {@link #step()} in milliseconds, or 0 for none
     */
    public long stepMillis() {
        return step == null ? 0 : step.toMillis();
    }

    /**
     * The start of the step that holds {@code timestampMillis}: a multiple of the step, or the start of the range
     * without one. The first step of a range that starts inside it still starts on the multiple.
     *
     * @param timestampMillis an instant in the range, epoch milliseconds
     * @return the start of the step that holds {@code timestampMillis}
     */
    public long stepStart(long timestampMillis) {
        if (step == null) {
            return range.fromMillis();
        }
        return timestampMillis - Math.floorMod(timestampMillis, step.toMillis());
    }

    /**
     * The part of the step starting at {@code start} that lies in the range, in seconds: what the rate of requests
     * is divided by.
     *
     * @param start the start of a step, as {@link #stepStart(long)} gives it, epoch milliseconds
     * @return the part of the step starting at {@code start} that lies in the range, in seconds
     */
    public double secondsCovered(long start) {
        long end = step == null ? range.toMillis() : Math.min(range.toMillis(), start + step.toMillis());
        return (end - Math.max(start, range.fromMillis())) / 1000.0;
    }

    /**
     * A builder over the range.
     *
     * @param range the time range, on the time each request started; required
     * @return a builder over the range
     */
    public static Builder builder(TimeRange range) {
        return new Builder(range);
    }

    /** Builds an {@link HttpStatsQuery}; defaults: every method and route, the whole range at once. */
    public static final class Builder {
        private final TimeRange range;
        private @Nullable String method;
        private @Nullable String route;
        private @Nullable Duration step;

        private Builder(TimeRange range) {
            this.range = Objects.requireNonNull(range, "range");
        }

        /**
         * Only this method; null for every method.
         *
         * @param method exact method, or null for every method
         * @return this builder
         */
        public Builder method(@Nullable String method) {
            this.method = method;
            return this;
        }

        /**
         * Only this route template; null for every route.
         *
         * @param route exact route template, or null for every route
         * @return this builder
         */
        public Builder route(@Nullable String route) {
            this.route = route;
            return this;
        }

        /**
         * Statistics per step of this width; null for the whole range at once.
         *
         * @param step the width of each step, at least one millisecond, or null for the whole range at once
         * @return this builder
         */
        public Builder step(@Nullable Duration step) {
            this.step = step;
            return this;
        }

        /**
         * Builds a {@link HttpStatsQuery} from this builder's settings.
         *
         * @return the new query
         * @throws IllegalArgumentException naming the parameter that is out of range
         */
        public HttpStatsQuery build() {
            return new HttpStatsQuery(range, method, route, step);
        }
    }
}
