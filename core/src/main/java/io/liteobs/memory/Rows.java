package io.liteobs.memory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one kind, in insertion order, each with its insertion number (what a row id is to a database).
 * Rows with a key are stored once: a row whose key is already taken is skipped, as a retried batch must be.
 * Not thread-safe: the store guards it.
 *
 * @param <T> the row type
 */
final class Rows<T> {

    /** A stored row and its insertion number, which breaks ties in insertion order. */
    record Row<T>(long number, T value) {
    }

    private final Map<Object, Row<T>> rows = new LinkedHashMap<>();
    private final ToLongFunction<T> timestamp;
    private long inserted;

    /** @param timestamp the row's timestamp in epoch milliseconds */
    Rows(ToLongFunction<T> timestamp) {
        this.timestamp = timestamp;
    }

    /**
     * Stores the row unless a row with the same key is stored.
     *
     * @param key the row's unique key, or null for a row that has none
     */
    void insert(@Nullable Object key, T value) {
        long number = ++inserted;
        rows.putIfAbsent(key == null ? number : key, new Row<>(number, value));
    }

    /** Stores the row, replacing the row with the same key in its place if there is one. */
    void put(Object key, T value) {
        Row<T> stored = rows.get(key);
        rows.put(key, new Row<>(stored == null ? ++inserted : stored.number(), value));
    }

    /** Deletes the first-inserted rows until at most {@code maxRows} are left. */
    void keepNewest(long maxRows) {
        Iterator<Row<T>> oldestFirst = rows.values().iterator();
        for (long excess = rows.size() - maxRows; excess > 0; excess--) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    /** Deletes at most {@code maxRows} rows with a timestamp before the cutoff, first-inserted first. */
    long deleteOlderThan(long cutoffMillis, int maxRows) {
        return deleteOlderThan(cutoffMillis, maxRows, row -> true);
    }

    /** Deletes at most {@code maxRows} deletable rows with a timestamp before the cutoff, first-inserted first. */
    long deleteOlderThan(long cutoffMillis, long maxRows, Predicate<T> deletable) {
        long deleted = 0;
        Iterator<Row<T>> oldestFirst = rows.values().iterator();
        while (deleted < maxRows && oldestFirst.hasNext()) {
            T row = oldestFirst.next().value();
            if (timestamp.applyAsLong(row) < cutoffMillis && deletable.test(row)) {
                oldestFirst.remove();
                deleted++;
            }
        }
        return deleted;
    }

    /** The row stored under the key; null when there is none. */
    @Nullable T get(Object key) {
        Row<T> row = rows.get(key);
        return row == null ? null : row.value();
    }

    /** The greatest timestamp. */
    OptionalLong newestTimestamp() {
        return rows.values().stream().mapToLong(row -> timestamp.applyAsLong(row.value())).max();
    }

    /** The timestamp of the row inserted last. */
    OptionalLong lastInsertedTimestamp() {
        Row<T> last = null;
        for (Row<T> row : rows.values()) {
            last = row;
        }
        return last == null ? OptionalLong.empty() : OptionalLong.of(timestamp.applyAsLong(last.value()));
    }

    /** Every row, in insertion order. */
    Stream<Row<T>> stream() {
        return rows.values().stream();
    }

    long size() {
        return rows.size();
    }
}
