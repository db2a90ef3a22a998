package io.liteobs.postgres;

import io.liteobs.Heartbeat;
import io.liteobs.Page;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.postgres.BatchInsert.Column;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Worker heartbeats in {@code worker_heartbeats}: how they are written and how the latest ones are found. */
final class HeartbeatTable {

    static final BatchInsert<Heartbeat> INSERT = new BatchInsert<>(Schema.HEARTBEATS, "",
            List.of(new Column<>("worker_id", Heartbeat::workerId),
                    new Column<>("host", Heartbeat::host),
                    new Column<>("pid", Heartbeat::pid),
                    new Column<>("timestamp", Heartbeat::timestampMillis),
                    new Column<>("interval_ms", Heartbeat::intervalMillis),
                    new Column<>("live_threads", Heartbeat::liveThreads),
                    new Column<>("heap_used", Heartbeat::heapUsed),
                    new Column<>("heap_committed", Heartbeat::heapCommitted),
                    new Column<>("heap_max", Heartbeat::heapMax),
                    new Column<>("non_heap_used", Heartbeat::nonHeapUsed),
                    new Column<>("gc_count", Heartbeat::gcCount),
                    new Column<>("gc_time_ms", Heartbeat::gcTimeMillis),
                    new Column<>("process_cpu_load", Heartbeat::processCpuLoad),
                    new Column<>("uptime_ms", Heartbeat::uptimeMillis),
                    new Column<>("progress_count", Heartbeat::progressCount),
                    new Column<>("progress_at", Heartbeat::progressAtMillis),
                    new Column<>("stopped", Heartbeat::stopped)));

    private static final String COLUMNS = """
            worker_id, host, pid, timestamp, interval_ms, live_threads, heap_used, heap_committed, heap_max,
            non_heap_used, gc_count, gc_time_ms, process_cpu_load, uptime_ms, progress_count, progress_at, stopped""";

    private static final String LATEST = """
            SELECT %s
            FROM worker_heartbeats""".formatted(COLUMNS);

    /**
     * The newest beat of every worker. DISTINCT ON would read every beat; this walks the (worker_id, timestamp, id)
     * index instead: the recursive part hops from one worker id to the next, and each hop reads that worker's newest
     * entry, so the cost grows with the number of workers, not of beats. Its second argument is a condition that
     * every beat walked meets: {@code true}, or one source's.
     */
    private static final String LATEST_PER_WORKER = """
            WITH RECURSIVE workers (worker) AS (
                (SELECT worker_id FROM worker_heartbeats WHERE %2$s ORDER BY worker_id LIMIT 1)
                UNION ALL
                SELECT (SELECT worker_id FROM worker_heartbeats WHERE worker_id > workers.worker AND %2$s
                        ORDER BY worker_id LIMIT 1)
                FROM workers WHERE workers.worker IS NOT NULL
            )
            SELECT beat.*
            FROM workers CROSS JOIN LATERAL (
                SELECT %1$s FROM worker_heartbeats
                WHERE worker_id = workers.worker AND %2$s ORDER BY timestamp DESC, id DESC LIMIT 1) beat
            ORDER BY workers.worker""";
    private static final String OF_EVERY_SOURCE = LATEST_PER_WORKER.formatted(COLUMNS, "true");
    private static final String OF_ONE_SOURCE = LATEST_PER_WORKER.formatted(COLUMNS, "source_id = ?");

    private HeartbeatTable() {
    }

    /** The worker's newest beat written by the source, or by any source when it is null. */
    static Optional<Heartbeat> latest(Connection connection, String workerId, @Nullable Integer sourceId)
            throws SQLException {
        return new Select(LATEST).where("worker_id = ?", workerId).whereSource("source_id", sourceId)
                .append("ORDER BY timestamp DESC, id DESC LIMIT 1")
                .list(connection, HeartbeatTable::read).stream().findFirst();
    }

    /** The newest beat of every worker, among the beats of the source, or of every source when it is null. */
    static List<Heartbeat> latestPerWorker(Connection connection, @Nullable Integer sourceId) throws SQLException {
        Select select = sourceId == null ? new Select(OF_EVERY_SOURCE)
                : new Select(OF_ONE_SOURCE, sourceId, sourceId, sourceId);
        return select.list(connection, HeartbeatTable::read);
    }

    /** The beats of one worker, or of every worker, in range, ordered by time; ties in insertion order. */
    static List<Heartbeat> history(Connection connection, @Nullable String workerId, TimeRange range,
            SortDirection direction, Page page) throws SQLException {
        String order = Select.keyword(direction);
        return new Select("SELECT " + COLUMNS + " FROM " + Schema.HEARTBEATS)
                .whereEquals("worker_id", workerId)
                .whereWithin("timestamp", range)
                .append("ORDER BY timestamp " + order + ", id " + order)
                .append("LIMIT ? OFFSET ?", page.limit(), page.offset())
                .list(connection, HeartbeatTable::read);
    }

    private static Heartbeat read(ResultSet row) throws SQLException {
        return new Heartbeat(row.getString("worker_id"), row.getString("host"), row.getLong("pid"),
                row.getLong("timestamp"), row.getLong("interval_ms"), row.getInt("live_threads"),
                row.getLong("heap_used"), row.getLong("heap_committed"), row.getLong("heap_max"),
                row.getLong("non_heap_used"), row.getLong("gc_count"), row.getLong("gc_time_ms"),
                row.getObject("process_cpu_load", Double.class), row.getLong("uptime_ms"),
                row.getObject("progress_count", Long.class), row.getObject("progress_at", Long.class),
                row.getBoolean("stopped"));
    }
}
