package io.liteobs.sqlite;

import io.liteobs.RollupTier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The raw minutes of each series: the minutes {@code [raw_minutes_from, raw_minutes_until)} of its
 * {@code metrics_metadata} row in which the minute rollup tier keeps no row of the series, queries reading its
 * points in the rows' place ({@link RollupQueries}). A minute row is wider than a point, and the writer's cost is
 * that of the bytes it writes: a series with one point a minute (a meter a registry publishes once a minute) cost
 * two and a half times its points alone with a row for every point, one with a point every 10 seconds 1.4 times
 * (docs/rollups.md). So a series starts with raw minutes from its first point's minute on, without end, and the
 * writer keeps them while no minute holds more than {@value #MAX_POINTS_A_MINUTE} points: the first batch that
 * gives one of them more ends them there, and rolls up the series' points from that minute on into rows. Raw
 * minutes that hold several points a minute, which a row would read faster, are rolled up while the writer is idle
 * ({@link #rollUpWhileIdle}): their start moves up to the minute of the series' newest point. Raw retention moves
 * their start past the points it deletes, rolling those up first, so that the minute tier keeps them as long as it
 * is kept.
 *
 * <p>What holds at every commit: a point inside its series' raw minutes is in no minute row, a point outside them in
 * exactly one. So every point counts once however a query reads it, and how many points a raw minute holds is a
 * matter of speed, never of the answer: a late point, or another process writing the same series, may put more in
 * a raw minute than the bound, which are then read as points.
 *
 * <p>Used only under the write lock. Each series' range is cached with the series ({@link Range}); a commit of
 * another connection (another store or process writing the file) makes every cached range stale, which SQLite's
 * {@code PRAGMA data_version} tells before each batch.
 */
final class RawMinutes {

    /**
     * The most points a raw minute of a series may get from this writer before its raw minutes end: a point a
     * second. Up to there, minute rows written with the points cost the writer from a tenth more (at sixty points a
     * minute) to twice as much (at two) as the points alone (docs/rollups.md); and while the writer is busy, a query
     * reads at most this many points where a row would be.
     */
    static final int MAX_POINTS_A_MINUTE = 60;
    private static final long MINUTE = RollupTier.MINUTE.bucketMillis();
    /** The most minutes of one series one roll-up statement of idle time takes: an hour, at most 3,600 points. */
    private static final long IDLE_SPAN_MILLIS = RollupTier.HOUR.bucketMillis();
    /** How long one step of idle time may hold the write lock, roughly: it ends after the series that passes this. */
    private static final long IDLE_STEP_NANOS = Rollups.CHUNK_TARGET_MILLIS * 1_000_000;
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
    /**
     * The series whose raw minutes got more than a point in one minute from this writer and hold minutes before
     * their newest, in the order they were noted, to roll up while the writer is idle.
     */
    private final Map<Long, Range> denser = new LinkedHashMap<>();
    /** The noted series the step of idle time under way has rolled up all the way. */
    private final List<Long> rolledUp = new ArrayList<>();
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
        /** The minute of the newest point this writer stored of the series, or {@link Long#MIN_VALUE}. */
        private long newestMinute = Long.MIN_VALUE;

        private Range(long from, long until, long readIn) {
            this.from = from;
            this.until = until;
            this.readIn = readIn;
        }

        boolean contains(long millis) {
            return millis >= from && millis < until;
        }

        /** Takes the bounds of a range just read from the file, as this writer's cached one. */
        void take(Range stored) {
            from = stored.from;
            until = stored.until;
            readIn = stored.readIn;
        }
    }

    /**
     * The range of a series that a row's two columns from {@code column} on hold: {@code raw_minutes_from}, then
     * {@code raw_minutes_until}; the very range noted for idle time if the series is, so that one object per series
     * moves.
     */
    Range read(long seriesId, ResultSet row, int column) throws SQLException {
        Range range = read(row, column);
        Range noted = denser.get(seriesId);
        if (noted == null) {
            return range;
        }
        noted.take(range);
        return noted;
    }

    private Range read(ResultSet row, int column) throws SQLException {
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
     * their series' raw minutes. A series whose raw minutes the batch gives more than {@value #MAX_POINTS_A_MINUTE}
     * points in one minute has them end at the first such minute; its points from there on, the batch's among
     * them, are rolled up into rows here, so the tier takes none of them again. A series whose raw minutes the batch
     * gave a second point in a minute is noted for {@link #rollUpWhileIdle} once they hold a minute before its newest.
     *
     * @param pointsInMinute per point, how many points this writer has stored of its series in its minute, itself
     *                       included, or 0 for a point older than the minute of the series' newest point
     */
    boolean[] minuteRows(WriteSession session, long[] seriesIds, Range[] ranges, long[] timestamps,
                         int[] pointsInMinute, int count) throws SQLException {
        boolean[] rows = new boolean[count];
        int start = 0;
        while (start < count) {
            int end = start + 1;
            while (end < count && seriesIds[end] == seriesIds[start]) {
                end++;
            }
            long seriesId = seriesIds[start];
            Range range = fresh(session, seriesId, ranges[start]);
            long rawFrom = range.from;
            long rawUntil = range.until;
            boolean severalInAMinute = false;
            for (int i = start; i < end; i++) {
                if (pointsInMinute[i] > 1 && range.contains(timestamps[i])) {
                    severalInAMinute = true;
                    if (pointsInMinute[i] > MAX_POINTS_A_MINUTE) {
                        endAt(session, seriesId, range, Rollups.minuteOf(timestamps[i]));
                        break;
                    }
                }
            }
            for (int i = start; i < end; i++) {
                rows[i] = timestamps[i] < rawFrom || timestamps[i] >= rawUntil;
            }
            range.newestMinute = Math.max(range.newestMinute, Rollups.minuteOf(timestamps[end - 1]));
            if (severalInAMinute && range.from < target(range)) {
                // only with closed minutes to roll up: not a series rolled up to its newest minute already, nor
                // one whose raw minutes ended where they began (a dense series' first minute)
                denser.putIfAbsent(seriesId, range);
            }
            start = end;
        }
        return rows;
    }

    /** Whether {@link #rollUpWhileIdle} has work; as cheap as a look at a map. */
    boolean hasIdleWork() {
        return !denser.isEmpty();
    }

    /**
     * One step of idle time: rolls up the raw minutes of the series noted in {@link #minuteRows}, oldest note first,
     * each up to the minute of its newest point (which may get more points yet), at most an hour of minutes a
     * statement, until about {@link Rollups#CHUNK_TARGET_MILLIS} ms have passed. Rolling up is moving their start
     * ({@link #startAt}), in the step's transaction; a series whose start got there is no longer noted once the
     * transaction commits ({@link #idleStepCommitted}).
     *
     * @return whether series are left to roll up after this step
     */
    boolean rollUpWhileIdle(WriteSession session) throws SQLException {
        long started = System.nanoTime();
        rolledUp.clear();
        Long minuteHorizon = Rollups.horizons(session.connection()).from().get(RollupTier.MINUTE);
        if (minuteHorizon == null) {
            // a file whose minute tier is not kept: nothing to roll up into
            rolledUp.addAll(denser.keySet());
            return false;
        }
        checkOtherWriters(session);
        for (Map.Entry<Long, Range> noted : denser.entrySet()) {
            long seriesId = noted.getKey();
            Range range = fresh(session, seriesId, noted.getValue());
            // the target read again after every move, which reads the range as stored
            while (range.from < target(range) && System.nanoTime() - started < IDLE_STEP_NANOS) {
                long chunkEnd = Math.max(range.from, minuteHorizon) + IDLE_SPAN_MILLIS;
                startAt(session, seriesId, range, Math.min(target(range), chunkEnd), minuteHorizon);
            }
            if (range.from < target(range)) {
                return true;
            }
            rolledUp.add(seriesId);
        }
        return false;
    }

    /** Where idle time rolls a series' raw minutes up to: the minute of its newest point, or their end. */
    private static long target(Range range) {
        return Math.min(range.newestMinute, range.until);
    }

    /** Stops noting the series the step of idle time just committed rolled up all the way. */
    void idleStepCommitted() {
        rolledUp.forEach(denser::remove);
        rolledUp.clear();
    }

    /** Makes every cached range stale after a rolled-back transaction, whose moves it may hold. */
    void rolledBack() {
        epoch++;
        rolledUp.clear();
    }

    private Range fresh(WriteSession session, long seriesId, Range range) throws SQLException {
        if (range.readIn != epoch) {
            range.take(stored(session, seriesId));
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
        if (range.from < start) {
            long from = Math.max(range.from, minuteHorizon);
            if (from < start) {
                rollups.rollUpSeries(session, seriesId, from, start);
            }
            PreparedStatement move = session.prepared(MOVE_START);
            move.setLong(1, start);
            move.setLong(2, seriesId);
            move.executeUpdate();
            range.from = start;
        }
        if (cached != null) {
            cached.take(range);
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
