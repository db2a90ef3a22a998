package io.liteobs.sqlite;

import io.liteobs.RollupTier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The raw minutes of each series: the minutes {@code [raw_minutes_from, raw_minutes_until)} of its
 * {@code metrics_metadata} row in which the minute rollup tier keeps no row of the series, queries reading its
 * points in the rows' place ({@link RollupQueries}). A series with one point a minute (a meter a registry publishes
 * once a minute) would write a minute row for every point, wider than the point: the writer's cost of such a
 * series was two and a half times that of its points alone (docs/rollups.md). So a series starts with raw minutes
 * from its first point's minute on, without end; the first batch that gives it two points in one of those minutes
 * ends them there, and rolls up the series' points from that minute on into rows. Raw retention moves their start
 * past the points it deletes, rolling those up first, so that the minute tier keeps them as long as it is kept.
 *
 * <p>What holds at every commit: a point inside its series' raw minutes is in no minute row, a point outside them in
 * exactly one. So every point counts once however a query reads it, and whether a raw minute holds one point or
 * more is a matter of speed, never of the answer: a late point, or another process writing the same series, may put
 * two points in a raw minute, which are then read as points.
 *
 * <p>Used only under the write lock. Each series' range is cached with the series ({@link Range}); a commit of
 * another connection (another store or process writing the file) makes every cached range stale, which SQLite's
 * {@code PRAGMA data_version} tells before each batch.
 */
final class RawMinutes {

    private static final long MINUTE = RollupTier.MINUTE.bucketMillis();
    /** What an unset column stands for: no raw minutes (a start) or no end (an end). */
    private static final long NONE = Long.MAX_VALUE;

    /**
     * The start of a new series' raw minutes, its first point's minute bound once: never inside the minute tier's
     * gap, whose points the rollup step rolls up into rows.
     */
    static final String START_OF_NEW_SERIES = "max(?, coalesce((SELECT CAST(value AS INTEGER)"
            + " FROM _observability_metadata WHERE key = '" + Rollups.gapUntilKey(RollupTier.MINUTE) + "'), "
            + Long.MIN_VALUE + "))";
    private static final String READ_RANGE =
            "SELECT raw_minutes_from, raw_minutes_until FROM metrics_metadata WHERE series_id = ?";
    private static final String END = "UPDATE metrics_metadata SET raw_minutes_until = ? WHERE series_id = ?";
    private static final String MOVE_START = "UPDATE metrics_metadata SET raw_minutes_from = ? WHERE series_id = ?";
    /** The newest point of the file, one seek per series; else the newest a series saw, for a file without points. */
    private static final String NEWEST_POINT = "SELECT coalesce(max((SELECT max(t.timestamp) FROM metrics_timeseries t"
            + " WHERE t.series_id = m.series_id)), max(m.last_seen)) FROM metrics_metadata m";

    private final Rollups rollups;
    /** Bumped whenever another connection has committed: every range read before is stale. */
    private long epoch;
    private long dataVersion = -1;

    RawMinutes(Rollups rollups) {
        this.rollups = rollups;
    }

    /** One series' raw minutes as this writer last read or changed them: {@code [from, until)}. */
    static final class Range {
        private long from;
        private long until;
        private long readIn;

        private Range(long from, long until, long readIn) {
            this.from = from;
            this.until = until;
            this.readIn = readIn;
        }

        boolean contains(long millis) {
            return millis >= from && millis < until;
        }
    }

    /**
     * The range that a row's two columns from {@code column} on hold: {@code raw_minutes_from}, then
     * {@code raw_minutes_until}.
     */
    Range read(ResultSet row, int column) throws SQLException {
        long from = row.getLong(column);
        long start = row.wasNull() ? NONE : from;
        long until = row.getLong(column + 1);
        return new Range(start, row.wasNull() ? NONE : until, epoch);
    }

    /** Takes note of other connections' commits since this writer's last batch: their ranges may have moved. */
    void checkOtherWriters(WriteSession session) throws SQLException {
        try (ResultSet row = session.prepared("PRAGMA data_version").executeQuery()) {
            long version = row.next() ? row.getLong(1) : 0;
            if (version != dataVersion) {
                dataVersion = version;
                epoch++;
            }
        }
    }

    /**
     * Which points of a batch, in series and time order and stored already, the minute tier takes: those outside
     * their series' raw minutes. A series whose raw minutes the batch gives a second point in one minute (a point in
     * the minute of the series' previous point) has them end at the first such minute; its points from there on, the
     * batch's among them, are rolled up into rows here, so the tier takes none of them again.
     *
     * @param sharesMinute per point, whether it falls in the minute of the previous point this writer stored of
     *                     its series
     */
    boolean[] minuteRows(WriteSession session, long[] seriesIds, Range[] ranges, long[] timestamps,
                         boolean[] sharesMinute, int count) throws SQLException {
        boolean[] rows = new boolean[count];
        int start = 0;
        while (start < count) {
            int end = start + 1;
            while (end < count && seriesIds[end] == seriesIds[start]) {
                end++;
            }
            Range range = fresh(session, seriesIds[start], ranges[start]);
            long rawFrom = range.from;
            long rawUntil = range.until;
            for (int i = start; i < end; i++) {
                if (sharesMinute[i] && range.contains(timestamps[i])) {
                    endAt(session, seriesIds[start], range, Rollups.minuteOf(timestamps[i]));
                    break;
                }
            }
            for (int i = start; i < end; i++) {
                rows[i] = timestamps[i] < rawFrom || timestamps[i] >= rawUntil;
            }
            start = end;
        }
        return rows;
    }

    private Range fresh(WriteSession session, long seriesId, Range range) throws SQLException {
        if (range.readIn != epoch) {
            Range stored = stored(session, seriesId);
            range.from = stored.from;
            range.until = stored.until;
            range.readIn = epoch;
        }
        return range;
    }

    private Range stored(WriteSession session, long seriesId) throws SQLException {
        PreparedStatement select = session.prepared(READ_RANGE);
        select.setLong(1, seriesId);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? read(row, 1) : new Range(NONE, NONE, epoch);
        }
    }

    private void endAt(WriteSession session, long seriesId, Range range, long minute) throws SQLException {
        rollups.rollUpSeries(session, seriesId, minute, range.until);
        PreparedStatement end = session.prepared(END);
        end.setLong(1, minute);
        end.setLong(2, seriesId);
        end.executeUpdate();
        range.until = minute;
    }

    /**
     * Moves the start of a series' raw minutes up to {@code minute}, before retention deletes its points there: its
     * points before that minute are rolled up into rows first, from the minute tier's horizon on (the tier keeps
     * nothing older).
     *
     * @param cached the series' range in this writer's cache, if it is there, to move with it
     */
    void startAt(WriteSession session, long seriesId, @Nullable Range cached, long minute, long minuteHorizon)
            throws SQLException {
        Range range = stored(session, seriesId);
        long start = Math.min(range.until, minute);
        if (range.from >= start) {
            return;
        }
        long from = Math.max(range.from, minuteHorizon);
        if (from < start) {
            rollups.rollUpSeries(session, seriesId, from, start);
        }
        PreparedStatement move = session.prepared(MOVE_START);
        move.setLong(1, start);
        move.setLong(2, seriesId);
        move.executeUpdate();
        if (cached != null) {
            cached.from = start;
            cached.until = range.until;
            cached.readIn = epoch;
        }
    }

    /**
     * The data step of schema version 8: every series' raw minutes begin at the minute after the newest point of the
     * file, as every point it holds is in the rows already.
     */
    static void startAfterNewestPoint(Connection connection) throws SQLException {
        try (PreparedStatement newest = connection.prepareStatement(NEWEST_POINT);
             ResultSet row = newest.executeQuery()) {
            long timestamp = row.next() ? row.getLong(1) : 0;
            if (row.wasNull()) {
                return;
            }
            try (PreparedStatement start = connection.prepareStatement(
                    "UPDATE metrics_metadata SET raw_minutes_from = ?")) {
                start.setLong(1, Rollups.minuteOf(timestamp) + MINUTE);
                start.executeUpdate();
            }
        }
    }
}
