package io.liteobs.sqlite;

import static io.liteobs.sqlite.TestData.column;
import static io.liteobs.sqlite.TestData.writeFileAtVersion;
import static io.liteobs.sqlite.TestData.rows;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liteobs.Heartbeat;
import io.liteobs.WorkerLiveness;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The views of schema version 2, and the migration that brings a version 1 file to them. */
class SchemaViewsTest {

    @TempDir
    Path dir;

    @Test
    void versionOneFile_gainsTheViewsOverItsData_andIsReadableByTheReader() throws Exception {
        Path file = dir.resolve("obs.db");
        writeVersionOneFile(file);

        SqliteStore.open(file).close();

        assertEquals(List.of(Integer.toString(Migrations.LATEST_VERSION)), column(file,
                "SELECT value FROM _observability_metadata WHERE key = 'schema_version'"));
        assertEquals(List.of(List.of("latency", "{\"region\":\"eu\"}", "2025-10-09T08:53:20.000Z",
                Long.toString(T0), "4.5", "ms")), rows(file,
                "SELECT name, labels, time, timestamp, value, unit FROM metric_points"));
        try (SqliteReader reader = SqliteReader.open(file)) {
            assertEquals(1, reader.seriesCount());
        }
    }

    @Test
    void metricPoints_giveEachPointItsSeries_andItsTimeWithMilliseconds() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(point("latency", 1, T0 + 7, "region", "eu"), point("latency", 2, T0 + 999,
                    "region", "us"), point("other", 3, T0)));
        }

        assertEquals(List.of(
                        List.of("latency", "{\"region\":\"eu\"}", "2025-10-09T08:53:20.007Z", "1.0"),
                        List.of("latency", "{\"region\":\"us\"}", "2025-10-09T08:53:20.999Z", "2.0")),
                rows(file, "SELECT name, labels, time, value FROM metric_points WHERE name = 'latency'"
                        + " ORDER BY timestamp"));
    }

    @Test
    void workerLiveness_judgesTheLatestBeatOfEachWorker_asWorkerLivenessDoes() throws Exception {
        Path file = dir.resolve("obs.db");
        long now = System.currentTimeMillis();
        // Each beat's interval is 10 s, so a worker is stale past 30 s; ages stay far from that edge.
        List<Heartbeat> latest = List.of(heartbeat("ahead", now + 60_000), heartbeat("fresh", now - 5_000),
                heartbeat("stale", now - 45_000));
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(heartbeat("stale", now - 50_000), latest.get(0), latest.get(1), latest.get(2),
                    heartbeat("fresh", now - 60_000)));
        }

        List<List<String>> viewed = rows(file, "SELECT worker_id, alive, last_beat, stale_after_ms"
                + " FROM worker_liveness ORDER BY worker_id");

        assertEquals(latest.stream().map(beat -> {
            WorkerLiveness judged = WorkerLiveness.judge(beat, null, now);
            return List.of(beat.workerId(), judged.alive() ? "1" : "0", Long.toString(beat.timestampMillis()),
                    Long.toString(judged.staleAfter().toMillis()));
        }).toList(), viewed);
        assertEquals(List.of("0"), column(file,
                "SELECT since_last_beat_ms FROM worker_liveness WHERE worker_id = 'ahead'"),
                "a beat stamped ahead of the clock is no age at all");
    }

    /** A file as LiteObs wrote it at schema version 1: its DDL, its metadata and a point. */
    private static void writeVersionOneFile(Path file) throws SQLException {
        writeFileAtVersion(file, 1,
                "INSERT INTO metrics_metadata (series_id, name, labels, type, unit, first_seen, last_seen)"
                        + " VALUES (1, 'latency', '{\"region\":\"eu\"}', 'gauge', 'ms', " + T0 + ", " + T0 + ")",
                "INSERT INTO metrics_timeseries (series_id, timestamp, seq, value) VALUES (1, " + T0 + ", 0, 4.5)");
    }
}
