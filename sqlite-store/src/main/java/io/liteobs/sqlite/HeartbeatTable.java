package io.liteobs.sqlite;

import io.liteobs.Heartbeat;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Worker heartbeats in {@code worker_heartbeats}: how they are written and how the latest ones are found. */
final class HeartbeatTable {

    static final String INSERT = """
            INSERT INTO worker_heartbeats (worker_id, host, pid, timestamp, interval_ms, live_threads, heap_used,
                heap_committed, heap_max, non_heap_used, gc_count, gc_time_ms, process_cpu_load, uptime_ms,
                progress_count, progress_at, stopped)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** The columns a beat is read from. */
    private static final String[] COLUMNS = {"worker_id", "host", "pid", "timestamp", "interval_ms",
        "live_threads", "heap_used", "heap_committed", "heap_max", "non_heap_used", "gc_count", "gc_time_ms",
        "process_cpu_load", "uptime_ms", "progress_count", "progress_at", "stopped"};

    private static final String LATEST = """
            SELECT %s
            FROM worker_heartbeats WHERE worker_id = ? ORDER BY timestamp DESC, id DESC LIMIT 1""";

    /**
     * The newest beat of every worker. A plain GROUP BY would read the whole table; this walks the
     * (worker_id, timestamp) index instead: the recursive part hops from one worker id to the next, and each hop
     * reads that worker's newest entry. Its cost grows with the number of workers, not of beats.
     */
    private static final String LATEST_PER_WORKER = """
            WITH RECURSIVE workers (worker) AS (
                SELECT min(worker_id) FROM worker_heartbeats
                UNION ALL
                SELECT (SELECT min(worker_id) FROM worker_heartbeats WHERE worker_id > workers.worker)
                FROM workers WHERE worker IS NOT NULL
            )
            SELECT %s
            FROM workers JOIN worker_heartbeats beat ON beat.id = (
                SELECT id FROM worker_heartbeats WHERE worker_id = workers.worker
                ORDER BY timestamp DESC, id DESC LIMIT 1)
            ORDER BY worker""";

    private HeartbeatTable() {
    }

    static void insert(WriteSession session, List<Heartbeat> heartbeats) throws SQLException {
        session.executeBatch(INSERT, heartbeats, HeartbeatTable::bind);
    }

    private static void bind(PreparedStatement insert, Heartbeat beat) throws SQLException {
        insert.setString(1, beat.workerId());
        insert.setString(2, beat.host());
        insert.setLong(3, beat.pid());
        insert.setLong(4, beat.timestampMillis());
        insert.setLong(5, beat.intervalMillis());
        insert.setInt(6, beat.liveThreads());
        insert.setLong(7, beat.heapUsed());
        insert.setLong(8, beat.heapCommitted());
        insert.setLong(9, beat.heapMax());
        insert.setLong(10, beat.nonHeapUsed());
        insert.setLong(11, beat.gcCount());
        insert.setLong(12, beat.gcTimeMillis());
        Jdbc.setDouble(insert, 13, beat.processCpuLoad());
        insert.setLong(14, beat.uptimeMillis());
        Jdbc.setLong(insert, 15, beat.progressCount());
        Jdbc.setLong(insert, 16, beat.progressAtMillis());
        insert.setBoolean(17, beat.stopped());
    }

    /** The columns of a beat as a SELECT list, those the file lacks as their fallbacks. */
    static String columns(StoredSchema schema) {
        return schema.select(Schema.HEARTBEATS, COLUMNS);
    }

    static Optional<Heartbeat> latest(Connection connection, StoredSchema schema, String workerId)
            throws SQLException {
        return new Select(LATEST.formatted(columns(schema)), workerId).list(connection, HeartbeatTable::read).stream()
                .findFirst();
    }

    /** The SQL of {@link #latestPerWorker}. */
    static String latestPerWorkerSql(StoredSchema schema) {
        return LATEST_PER_WORKER.formatted(columns(schema));
    }

    static List<Heartbeat> latestPerWorker(Connection connection, StoredSchema schema) throws SQLException {
        return new Select(latestPerWorkerSql(schema)).list(connection, HeartbeatTable::read);
    }

    static Heartbeat read(ResultSet row) throws SQLException {
        return new Heartbeat(row.getString("worker_id"), row.getString("host"), row.getLong("pid"),
                row.getLong("timestamp"), row.getLong("interval_ms"), row.getInt("live_threads"),
                row.getLong("heap_used"), row.getLong("heap_committed"), row.getLong("heap_max"),
                row.getLong("non_heap_used"), row.getLong("gc_count"), row.getLong("gc_time_ms"),
                Jdbc.getDouble(row, "process_cpu_load"), row.getLong("uptime_ms"), Jdbc.getLong(row, "progress_count"),
                Jdbc.getLong(row, "progress_at"), row.getBoolean("stopped"));
    }
}
