package io.liteobs.alerting;

import io.liteobs.TimeRange;
import io.liteobs.spi.StoreReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Counts an objective's good and total events over windows ending at a moment, from counts of closed minutes kept
 * in memory, so that a round reads from the store what is new since the last one, not every window again.
 *
 * <p>The counts cover the minutes from the start of the longest window to {@link #SETTLE_MARGIN} before now, as
 * buckets of whole minutes. The first count fills them in one pass: one query from each window's start to the
 * next, so a status reads the objective's window once, however many windows it reports. Each later count adds the
 * minutes settled since, drops those older than the longest window, and splits a bucket where a window now starts
 * (reading only the minutes the window's start moved past). The rest is read from the store at each count: the
 * part of a window's first minute that the window holds, and everything since the settled minutes. So every
 * window's counts equal a direct count over the same range, including the rows stamped up to
 * {@link #SETTLE_MARGIN} before they were stored.
 *
 * <p>Minutes are settled only up to the margin before the newest row of the indicator's kind that the store holds:
 * while it stores nothing new (its writer held up by a locked file or a full disk, the rows kept in memory meanwhile),
 * no minute is settled, and the rows stored afterwards are counted however late they come. A row stored more than
 * {@link #SETTLE_MARGIN} after its time while newer rows were stored before it (a request that lasted longer than the
 * margin, stamped with its start), into a minute already counted, is missed until that minute leaves the longest
 * window (and when a later split reads it, it is taken out of the next bucket, never
 * below zero). Rows deleted by retention after they were counted stay counted until their minute leaves the window.
 * Memory: 16 bytes a minute of the longest window, 0.7 MB for 30 days. A window longer than the longest one the
 * counter was made for is counted directly from the store.
 *
 * <p>Thread-safe: counts are serialised, so one counter can serve every request of a server.
 *
 * <pre>{@code
 * ObjectiveCounter counter = ObjectiveCounter.of(objective, store);   // keep it: the next count reads only what is new
 * EventCounts lastHour = counter.count(clock.millis(), Duration.ofHours(1));
 * ObjectiveStatus status = ErrorBudget.status(counter, clock.millis());
 * }</pre>
 */
public final class ObjectiveCounter {

    /**
     * How long after their time rows may still be stored and counted exactly: the minutes closer to now are read
     * from the store at every count. Two minutes: many flush intervals, and requests that lasted up to a minute
     * (an HTTP request is stamped with its start and stored once it ends).
     */
    public static final Duration SETTLE_MARGIN = Duration.ofMinutes(2);

    private static final long MINUTE = 60_000;
    private static final long SETTLE_MARGIN_MILLIS = SETTLE_MARGIN.toMillis();

    private final Objective objective;
    private final StoreReader store;
    /** The windows counts are asked for, their starts made bucket boundaries by the first fill. */
    private final List<Duration> windows;
    private final long longestMillis;
    /**
     * Ring of minute slots: a bucket's sums live in the slot of its first minute, every other slot is 0. The sums
     * are the good and total events, or for counters the sums of both counters, turned into counts once added up.
     */
    private final long[] good;
    private final long[] total;
    /** The slots where a bucket starts. */
    private final BitSet starts;

    /** Guarded by this: whether the buckets hold anything. */
    private boolean filled;
    /** Guarded by this: the first minute counted (epoch minutes), where a bucket always starts. */
    private long firstMinute;
    /** Guarded by this: the minute after the last one counted: the buckets cover [firstMinute, settledMinute). */
    private long settledMinute;
    /** Guarded by this: the end of the latest count's windows, epoch milliseconds, exclusive. */
    private long latestEndMillis = Long.MIN_VALUE;
    /** Guarded by this: the sums from the settled minutes to {@link #latestEndMillis}, read once per moment. */
    private long[] head = new long[2];

    private ObjectiveCounter(Objective objective, StoreReader store, Collection<Duration> windows) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.store = Objects.requireNonNull(store, "store");
        this.windows = windows.stream().distinct().sorted().toList();
        if (this.windows.isEmpty()) {
            throw new IllegalArgumentException("objective '" + objective.id() + "': a counter needs a window");
        }
        this.longestMillis = this.windows.get(this.windows.size() - 1).toMillis();
        int slots = Math.toIntExact(Math.floorDiv(longestMillis + MINUTE - 1, MINUTE) + 2);
        this.good = new long[slots];
        this.total = new long[slots];
        this.starts = new BitSet(slots);
    }

    /**
     * A counter for {@link ErrorBudget#status(ObjectiveCounter, long)}: over the objective's window, the
     * {@linkplain ErrorBudget#STANDARD_WINDOWS standard windows} and those of its alerts.
     *
     * @param objective the objective
     * @param store     the store its indicator reads; the counter is only valid over this store
     * @return a counter that has read nothing yet
     */
    public static ObjectiveCounter of(Objective objective, StoreReader store) {
        return new ObjectiveCounter(objective, store, Stream.of(Stream.of(objective.window()),
                ErrorBudget.STANDARD_WINDOWS.stream(), alertWindows(objective)).flatMap(s -> s).toList());
    }

    /**
     * A counter over the windows of the objective's burn-rate alerts only (3 days for the workbook's), as an
     * {@link Alerting} keeps one for its rounds.
     *
     * @param objective the objective
     * @param store     the store its indicator reads; the counter is only valid over this store
     * @return a counter that has read nothing yet
     */
    public static ObjectiveCounter forAlerts(Objective objective, StoreReader store) {
        List<Duration> windows = alertWindows(objective).toList();
        return new ObjectiveCounter(objective, store, windows.isEmpty() ? List.of(objective.window()) : windows);
    }

    private static Stream<Duration> alertWindows(Objective objective) {
        return objective.alerts().conditions()
                .flatMap(condition -> Stream.of(condition.longWindow(), condition.shortWindow()));
    }

    /**
     * The objective counted.
     *
     * @return the objective
     */
    public Objective objective() {
        return objective;
    }

    /**
     * The events of the window of a length ending at a moment, the moment included ({@code [now + 1 - window,
     * now + 1)}, as {@link ErrorBudget#windowEndingAt} gives it): equal to the objective's indicator counting that
     * range in the store.
     *
     * @param nowMillis the moment, epoch milliseconds
     * @param window    the window's length, more than zero
     * @return the good and total events of the window
     */
    public synchronized EventCounts count(long nowMillis, Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be more than zero, got " + window);
        }
        long end = nowMillis + 1;
        long start = end - window.toMillis();
        // a moment a little before the latest (a request that read the clock before another one came first)
        // is counted in the store rather than unsettling the minutes; a clock set further back starts over
        boolean slightlyEarlier = end < latestEndMillis && end >= latestEndMillis - SETTLE_MARGIN_MILLIS;
        if (window.toMillis() > longestMillis || slightlyEarlier) {
            return counts(sums(start, end));
        }
        advanceTo(end);
        long startMinute = ceilMinute(start);
        if (startMinute >= settledMinute) {
            return counts(sums(start, end));
        }
        split(startMinute);
        long[] sums = sums(start, startMinute * MINUTE);
        int slot = slot(startMinute);
        for (long minute = startMinute; minute < settledMinute; minute++) {
            sums[0] += good[slot];
            sums[1] += total[slot];
            slot = slot + 1 == good.length ? 0 : slot + 1;
        }
        return counts(new long[] {sums[0] + head[0], sums[1] + head[1]});
    }

    private static long ceilMinute(long millis) {
        return Math.floorDiv(millis + MINUTE - 1, MINUTE);
    }

    /** Brings the buckets to a count of windows ending at {@code end}: settled minutes added, old ones dropped. */
    private void advanceTo(long end) {
        if (end == latestEndMillis) {
            return;
        }
        long first = ceilMinute(end - longestMillis);
        long settled = Math.max(first, Math.floorDiv(Math.min(end, storedThrough()) - SETTLE_MARGIN_MILLIS, MINUTE));
        if (!filled || end < latestEndMillis || first >= settledMinute) {
            fill(first, settled, end);
        } else {
            if (settled > settledMinute) {
                put(settledMinute, sums(settledMinute * MINUTE, settled * MINUTE));
                settledMinute = settled;
            }
            if (first > firstMinute) {
                split(first);
                for (long minute = firstMinute; minute < first; minute++) {
                    clear(minute);
                }
                firstMinute = first;
            }
        }
        latestEndMillis = end;
        head = sums(settledMinute * MINUTE, end);
    }

    /**
     * The millisecond after the newest row of the indicator's kind in the store. Minutes are settled only up to the
     * margin before it: while the store's writer is held up (a locked file, a full disk), the rows it keeps for later
     * carry times after it, and are counted once stored.
     */
    private long storedThrough() {
        OptionalLong newest = store.newestTimestamp(objective.indicator().kind());
        return newest.isPresent() ? newest.getAsLong() + 1 : Long.MIN_VALUE + SETTLE_MARGIN_MILLIS;
    }

    /** Counts [first, settled) afresh, one bucket from each window's start to the next: one pass over the range. */
    private void fill(long first, long settled, long end) {
        Arrays.fill(good, 0);
        Arrays.fill(total, 0);
        starts.clear();
        TreeSet<Long> boundaries = new TreeSet<>();
        boundaries.add(first);
        boundaries.add(settled);
        for (Duration window : windows) {
            long minute = ceilMinute(end - window.toMillis());
            if (minute > first && minute < settled) {
                boundaries.add(minute);
            }
        }
        Long from = null;
        for (long boundary : boundaries) {
            if (from != null) {
                put(from, sums(from * MINUTE, boundary * MINUTE));
            }
            from = boundary;
        }
        firstMinute = first;
        settledMinute = settled;
        filled = true;
    }

    /**
     * Makes {@code minute} the start of a bucket: the bucket holding it keeps the minutes before it, counted from
     * the store, and the new one the rest. The minutes read are those since the bucket's start, usually what a
     * window's start moved past since the last count.
     */
    private void split(long minute) {
        if (minute <= firstMinute || minute >= settledMinute || starts.get(slot(minute))) {
            return;
        }
        long bucketStart = bucketStart(minute);
        int startSlot = slot(bucketStart);
        long[] before = sums(bucketStart * MINUTE, minute * MINUTE);
        // a row stored too late for the bucket but read by the split leaves the rest short: never below zero
        long[] rest = {Math.max(0, good[startSlot] - before[0]), Math.max(0, total[startSlot] - before[1])};
        good[startSlot] = before[0];
        total[startSlot] = before[1];
        put(minute, rest);
    }

    /** The first minute of the bucket that holds {@code minute}: the nearest start at or before it. */
    private long bucketStart(long minute) {
        int slot = slot(minute);
        int found = starts.previousSetBit(slot);
        if (found >= 0) {
            return minute - (slot - found);
        }
        // the ring wrapped between the bucket's start and the minute
        found = starts.previousSetBit(good.length - 1);
        return minute - slot - (good.length - found);
    }

    private void put(long minute, long[] sums) {
        int slot = slot(minute);
        good[slot] = sums[0];
        total[slot] = sums[1];
        starts.set(slot);
    }

    private void clear(long minute) {
        int slot = slot(minute);
        good[slot] = 0;
        total[slot] = 0;
        starts.clear(slot);
    }

    private int slot(long minute) {
        return (int) Math.floorMod(minute, (long) good.length);
    }

    /**
     * The sums of [fromMillis, toMillis) in the store, additive over ranges: good and total events, or for
     * counters the rounded sums of both counters (whose ratio is kept within 0 and 1 only once added up, as a
     * direct count over the whole range does). Zeros for an empty range.
     */
    private long[] sums(long fromMillis, long toMillis) {
        if (fromMillis >= toMillis) {
            return new long[2];
        }
        TimeRange range = TimeRange.between(Instant.ofEpochMilli(fromMillis), Instant.ofEpochMilli(toMillis));
        if (objective.indicator() instanceof Indicator.Counters counters) {
            return counters.sums(store, range);
        }
        EventCounts counts = objective.indicator().count(store, range);
        return new long[] {counts.good(), counts.total()};
    }

    private EventCounts counts(long[] sums) {
        if (objective.indicator() instanceof Indicator.Counters counters) {
            return counters.fromSums(sums[0], sums[1]);
        }
        // only rows stored later than the settle margin can make good exceed total; see the class comment
        return new EventCounts(Math.min(sums[0], sums[1]), sums[1]);
    }
}
