package io.liteobs.sqlite;

import io.liteobs.Aggregation;
import io.liteobs.DownsampleQuery;
import io.liteobs.RollupTier;
import io.liteobs.SeriesPoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Downsampling from the {@linkplain Rollups rollups}. The range is cut into parts, each answered from the coarsest
 * source that holds it: the coarsest tier whose bucket divides the step covers the whole buckets of the range between
 * its horizon on, outside the gap the tier lacks, the next finer tier the whole buckets of what is left on either side, and raw points the rest
 * (the parts of buckets at the range's ends, and whatever no tier holds). Every point falls in exactly one part,
 * and a tier bucket lies within one step's bucket, so the parts' aggregates merge into the answer raw points would
 * give. Percentiles need every point: they are always answered from raw points.
 */
final class RollupQueries {

    /**
     * A part of a range and its source.
     *
     * @param tier the tier that answers it, or null for raw points
     * @param from the first millisecond of the part
     * @param to   the first millisecond after it
     */
    record Part(@Nullable RollupTier tier, long from, long to) {
    }

    /** Coarsest first: the order in which tiers are tried. */
    private static final List<RollupTier> COARSEST_FIRST = List.of(RollupTier.HOUR, RollupTier.MINUTE);

    /** A bucket of the query's step from a rollup bucket's start or a point's timestamp, with the step bound thrice. */
    private static final String BUCKET_OF = "%1$s - ((%1$s %% ?) + ?) %% ?";

    /**
     * What a part gives besides its bucket and count, from a point ({@code t}) or a rollup row ({@code r}): the sum,
     * the extremes, the last value with its timestamp, series and sequence number (a rollup's last point needs no
     * sequence number: points of two parts never share a series and a millisecond).
     */
    private static final String[] RAW_COLUMNS = {"t.value AS s", "t.value AS lo", "t.value AS hi",
        "t.value AS lv, t.timestamp AS lt, t.series_id AS series_id, t.seq AS lseq"};
    private static final String[] TIER_COLUMNS = {"r.value_sum AS s", "r.value_min AS lo", "r.value_max AS hi",
        "r.last_value AS lv, r.last_timestamp AS lt, r.series_id AS series_id, 0 AS lseq"};

    private RollupQueries() {
    }

    /**
     * The columns the aggregation merges, and only those: the parts are sorted by bucket to be merged, and narrower
     * rows sort faster.
     */
    private static String columns(Aggregation aggregation, String[] columns) {
        return switch (aggregation) {
            case AVG, SUM, RATE -> ", " + columns[0];
            case MIN -> ", " + columns[1];
            case MAX -> ", " + columns[2];
            case LAST -> ", " + columns[3];
            case COUNT -> "";
            case P50, P90, P95, P99 ->
                    throw new IllegalArgumentException(aggregation + " is not merged from rollup aggregates");
        };
    }

    /**
     * The parts of the query's range and where each is answered from; a single raw part when no tier can help.
     *
     * @param horizons where each kept tier is complete from, and its gap
     */
    static List<Part> plan(Rollups.Horizons horizons, DownsampleQuery query) {
        List<RollupTier> tiers = new ArrayList<>();
        if (!query.aggregation().isPercentile()) {
            for (RollupTier tier : COARSEST_FIRST) {
                if (horizons.from().containsKey(tier) && query.stepMillis() % tier.bucketMillis() == 0) {
                    tiers.add(tier);
                }
            }
        }
        List<Part> parts = new ArrayList<>();
        split(parts, query.series().range().fromMillis(), query.series().range().toMillis(), tiers, 0, horizons);
        return parts;
    }

    /** Adds the parts of {@code [from, to)}, answered by {@code tiers[index]} where it can and finer sources elsewhere. */
    private static void split(List<Part> parts, long from, long to, List<RollupTier> tiers, int index,
                              Rollups.Horizons horizons) {
        if (from >= to) {
            return;
        }
        if (index == tiers.size()) {
            parts.add(new Part(null, from, to));
            return;
        }
        RollupTier tier = tiers.get(index);
        Rollups.Gap gap = horizons.gaps().getOrDefault(tier, Rollups.Gap.NONE);
        if (!gap.isEmpty() && from < gap.until() && to > gap.from()) {
            // the range meets the gap: the tier answers what lies on either side, finer sources the gap itself
            split(parts, from, Math.max(from, gap.from()), tiers, index, horizons);
            split(parts, Math.max(from, gap.from()), Math.min(to, gap.until()), tiers, index + 1, horizons);
            split(parts, Math.min(to, gap.until()), to, tiers, index, horizons);
            return;
        }
        long width = tier.bucketMillis();
        long start = Math.max(alignUp(from, width), horizons.from().getOrDefault(tier, Long.MAX_VALUE));
        long end = Math.floorDiv(to, width) * width;
        if (start >= end) {
            split(parts, from, to, tiers, index + 1, horizons);
            return;
        }
        split(parts, from, start, tiers, index + 1, horizons);
        parts.add(new Part(tier, start, end));
        split(parts, end, to, tiers, index + 1, horizons);
    }

    /** The first multiple of {@code width} at or after {@code millis}, or {@link Long#MAX_VALUE} past the last. */
    private static long alignUp(long millis, long width) {
        long down = Math.floorDiv(millis, width) * width;
        if (down == millis) {
            return millis;
        }
        return down > Long.MAX_VALUE - width ? Long.MAX_VALUE : down + width;
    }

    /**
     * Aggregates the parts in SQL: each part gives, per series and rollup bucket (or point), its count, sum,
     * extremes and last value; those merge per bucket of the step as the raw query aggregates points. A part of the
     * minute tier gives the points of each series' {@linkplain RawMinutes raw minutes} besides its rows. LAST takes
     * the latest by timestamp, then series id, then sequence number, as on raw points.
     *
     * @param schema what the file holds: a file older than schema version 8 has no raw minutes
     */
    static List<SeriesPoint> downsample(Connection connection, StoredSchema schema, DownsampleQuery query,
                                        List<Part> parts) throws SQLException {
        long step = query.stepMillis();
        Select select = new Select("WITH chosen AS (SELECT m.series_id, "
                + schema.column(Schema.METRICS_METADATA, "raw_minutes_from") + " AS raw_from, "
                + schema.column(Schema.METRICS_METADATA, "raw_minutes_until") + " AS raw_until"
                + " FROM metrics_metadata m")
                .where("m.name = ?", query.series().name())
                .whereHasLabels("m.labels", query.series().labels());
        StringBuilder arms = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        for (Part part : parts) {
            RollupTier tier = part.tier();
            if (tier == null) {
                rawArm(arms, parameters, query, "?", "?", part.from(), part.to());
                continue;
            }
            arm(arms, parameters, step, "SELECT " + BUCKET_OF.formatted("r.bucket_start") + " AS bucket,"
                    + " r.point_count AS n" + columns(query.aggregation(), TIER_COLUMNS) + " FROM chosen c JOIN "
                    + Schema.tableOf(tier) + " r ON r.series_id = c.series_id AND r.bucket_start >= ?"
                    + " AND r.bucket_start < ?", part.from(), part.to());
            if (tier == RollupTier.MINUTE) {
                // a NULL start (no raw minutes) makes max() NULL, and the range empty
                rawArm(arms, parameters, query, "max(?, c.raw_from)", "min(?, coalesce(c.raw_until, ?))",
                        part.from(), part.to(), part.to());
            }
        }
        select.append("), parts AS (" + arms + ")", parameters.toArray());
        if (query.aggregation() == Aggregation.LAST) {
            select.append("SELECT bucket, samples, value FROM (SELECT bucket, lv AS value, sum(n) OVER buckets AS"
                    + " samples, row_number() OVER (buckets ORDER BY lt DESC, series_id DESC, lseq DESC) AS position"
                    + " FROM parts WINDOW buckets AS (PARTITION BY bucket)) WHERE position = 1 ORDER BY bucket");
        } else {
            select.append("SELECT bucket, sum(n) AS samples, " + merged(query.aggregation(), step)
                    + " AS value FROM parts GROUP BY bucket ORDER BY bucket");
        }
        return select.list(connection, row -> new SeriesPoint(row.getLong("bucket"), row.getDouble("value"),
                row.getLong("samples")));
    }

    /** Adds an arm of the points of each chosen series between two bounds, SQL over the series' row {@code c}. */
    private static void rawArm(StringBuilder arms, List<Object> parameters, DownsampleQuery query, String from,
                               String to, Object... bounds) {
        arm(arms, parameters, query.stepMillis(), "SELECT " + BUCKET_OF.formatted("t.timestamp") + " AS bucket,"
                + " 1 AS n" + columns(query.aggregation(), RAW_COLUMNS) + " FROM chosen c JOIN metrics_timeseries t"
                + " ON t.series_id = c.series_id AND t.timestamp >= " + from + " AND t.timestamp < " + to, bounds);
    }

    /** Adds an arm to the union of parts: its SQL binds the step thrice, then the bounds. */
    private static void arm(StringBuilder arms, List<Object> parameters, long step, String sql, Object... bounds) {
        if (!arms.isEmpty()) {
            arms.append(" UNION ALL ");
        }
        arms.append(sql);
        parameters.add(step);
        parameters.add(step);
        parameters.add(step);
        parameters.addAll(List.of(bounds));
    }

    /** How the parts' aggregates merge into one aggregation; the step is a number of the query's own. */
    private static String merged(Aggregation aggregation, long stepMillis) {
        return switch (aggregation) {
            case AVG -> "sum(s) / sum(n)";
            case MIN -> "min(lo)";
            case MAX -> "max(hi)";
            case SUM -> "sum(s)";
            case COUNT -> "sum(n)";
            case RATE -> "sum(s) * 1000.0 / " + stepMillis;
            case LAST, P50, P90, P95, P99 ->
                    throw new IllegalArgumentException(aggregation + " is not merged from rollup aggregates");
        };
    }
}
