package io.liteobs.sqlite;

import static io.liteobs.sqlite.TestData.column;
import static io.liteobs.sqlite.TestData.writeFileAtVersion;
import static io.liteobs.sqlite.TestData.rows;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.progressHeartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liteobs.Heartbeat;
import io.liteobs.WorkerLiveness;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema version 3: heartbeats that carry progress and a graceful stop, and the liveness view that judges them. */
class HeartbeatProgressSchemaTest {

    @TempDir
    Path dir;

    @Test
    void versionTwoFile_keepsItsBeatsAsProcessOnlyBeats_andTakesProgressAndStopsFromThen() throws Exception {
        Path file = dir.resolve("obs.db");
        writeVersionTwoFile(file);

        Heartbeat stop = progressHeartbeat("worker-1", T0 + 20_000, T0 + 10_000, true);
        try (SqliteStore store = SqliteStore.open(file)) {
            assertEquals(Optional.of(heartbeat("worker-1", T0)), store.latestHeartbeat("worker-1"),
                    "a beat written at version 2 reads as one without progress, not a stop");
            store.write(batch(stop));
            assertEquals(Optional.of(stop), store.latestHeartbeat("worker-1"));
        }

        assertEquals(List.of(Integer.toString(Migrations.LATEST_VERSION)), column(file,
                "SELECT value FROM _observability_metadata WHERE key = 'schema_version'"));
        assertEquals(List.of(List.of("worker-1", "STOPPED", "0", "1", "17", "10000")), rows(file,
                "SELECT worker_id, state, alive, stopped, progress_count, since_progress_ms FROM worker_liveness"));
    }

    @Test
    void workerLiveness_givesEachWorkersState_asWorkerLivenessJudgesIt() throws Exception {
        Path file = dir.resolve("obs.db");
        long now = System.currentTimeMillis();
        // Intervals are 10 s: stale past 30 s of age, not progressing past 30 s of a still count; every figure
        // stays far from those edges, so the moment the view runs does not matter.
        List<Heartbeat> latest = List.of(
                progressHeartbeat("progressing", now - 5_000, now - 15_000, false),
                progressHeartbeat("stale", now - 45_000, now - 45_000, false),
                progressHeartbeat("stopped", now - 5_000, now - 5_000, true),
                progressHeartbeat("stuck", now - 5_000, now - 65_000, false),
                heartbeat("without-progress", now - 5_000));
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(latest.toArray()));
        }

        List<List<String>> viewed = rows(file, "SELECT worker_id, state, alive, intervals_without_progress"
                + " FROM worker_liveness ORDER BY worker_id");

        assertEquals(latest.stream().map(beat -> {
            WorkerLiveness judged = WorkerLiveness.judge(beat, null, now);
            return List.of(beat.workerId(), judged.state().name(), judged.alive() ? "1" : "0",
                    Long.toString(judged.intervalsWithoutProgress()));
        }).toList(), viewed.stream().map(row -> row.stream().map(value -> value == null ? "0" : value).toList())
                .toList());
        assertEquals(List.of("ALIVE", "STALE", "STOPPED", "NOT_PROGRESSING", "ALIVE"),
                viewed.stream().map(row -> row.get(1)).toList());
    }

    /** A file as LiteObs wrote it at schema version 2: its DDL, its metadata and a beat. */
    private static void writeVersionTwoFile(Path file) throws SQLException {
        Heartbeat beat = heartbeat("worker-1", T0);
        writeFileAtVersion(file, 2,
                "INSERT INTO worker_heartbeats (worker_id, host, pid, timestamp, interval_ms, live_threads, heap_used,"
                        + " heap_committed, heap_max, non_heap_used, gc_count, gc_time_ms, process_cpu_load,"
                        + " uptime_ms) VALUES ('worker-1', '" + beat.host() + "', " + beat.pid() + ", " + T0 + ", "
                        + beat.intervalMillis() + ", " + beat.liveThreads() + ", " + beat.heapUsed() + ", "
                        + beat.heapCommitted() + ", " + beat.heapMax() + ", " + beat.nonHeapUsed() + ", "
                        + beat.gcCount() + ", " + beat.gcTimeMillis() + ", " + beat.processCpuLoad() + ", "
                        + beat.uptimeMillis() + ")");
    }
}
