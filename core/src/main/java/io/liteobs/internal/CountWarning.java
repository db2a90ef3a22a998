package io.liteobs.internal;

/**
 * When to warn of a count that grows (a queue's drops, its rejections): the first {@code atOnce} times it has grown
 * as soon as that is seen, then at most once per interval, with how much it grew in between. Used by the writer
 * thread only, so that a recording call that adds to the count never waits on a log line.
 */
final class CountWarning {

    private final int atOnce;
    private final long intervalNanos;
    private long warnedCount;
    private int warnings;
    private long nextWarningNanos;

    CountWarning(int atOnce, long intervalNanos) {
        this.atOnce = atOnce;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Whether a warning is due for the count as it is now; if so, it is taken as warned of.
     *
     * @return how much the count grew since the last warning, or 0 when no warning is due
     */
    long due(long count, long nowNanos) {
        if (count == warnedCount || (warnings >= atOnce && nowNanos - nextWarningNanos < 0)) {
            return 0;
        }
        long grown = count - warnedCount;
        warnedCount = count;
        warnings++;
        nextWarningNanos = nowNanos + intervalNanos;
        return grown;
    }
}
