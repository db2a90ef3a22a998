package io.liteobs.sqlite;

import static io.liteobs.sqlite.TestData.rows;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.point;
import static io.liteobs.store.tck.Entries.progressHeartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.MetricPoint;
import io.liteobs.spi.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ready queries of docs/schema.md, taken from the page as written and run on a file a store wrote. The queries
 * measure time from SQLite's clock, so the data is stamped from the real clock, minutes from any edge.
 */
class ReadyQueriesTest {

    private static final Path SCHEMA_PAGE = Path.of("..", "docs", "schema.md");
    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\n-- (.+?)\n(.*?)```", Pattern.DOTALL);
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    private final long now = System.currentTimeMillis();

    @Test
    void p95PerLabelValue_isTheNearestRankOfTheLastTenMinutes() throws Exception {
        List<MetricPoint> points = new ArrayList<>();
        LongStream.rangeClosed(1, 20).forEach(value ->
                points.add(point("http.latency", value, now - MINUTE - value * 1_000, "region", "eu")));
        points.add(point("http.latency", 1_000, now - 11 * MINUTE, "region", "eu"));
        points.add(point("http.latency", 7, now - 2 * MINUTE, "region", "us"));
        points.add(point("other", 1_000, now - MINUTE, "region", "us"));

        assertEquals(List.of(List.of("eu", "19.0", "20"), List.of("us", "7.0", "1")),
                run("p95 of a metric per label value over the last 10 minutes", batchOf(points)));
    }

    @Test
    void staleWorkers_areThoseTheLivenessViewJudgesStale() throws Exception {
        List<List<String>> stale = run("Workers that are stale now",
                batch(heartbeat("w-fresh", now - 5_000), heartbeat("w-stale", now - 90_000)));

        assertEquals(1, stale.size(), stale.toString());
        assertEquals(List.of("w-stale", "host-1", "4242"), stale.get(0).subList(0, 3));
        long seconds = Long.parseLong(stale.get(0).get(4));
        assertTrue(seconds >= 90 && seconds < 150, "seconds since the last beat: " + seconds);
    }

    @Test
    void staleWorkers_leaveOutAGracefulStop() throws Exception {
        List<List<String>> stale = run("Workers that are stale now",
                batch(progressHeartbeat("w-stopped", now - 90_000, now - 90_000, true),
                        heartbeat("w-stale", now - 90_000)));

        assertEquals(List.of("w-stale"), stale.stream().map(row -> row.get(0)).toList());
    }

    @Test
    void workersNotProgressing_beatInTimeWithAStillCount() throws Exception {
        // intervals are 10 s: a count still for 50 s is past three intervals, one still for 20 s is not
        List<List<String>> stuck = run("Workers that beat but have not progressed for 3 intervals or more",
                batch(progressHeartbeat("w-stuck", now - 5_000, now - 55_000, false),
                        progressHeartbeat("w-busy", now - 5_000, now - 25_000, false),
                        heartbeat("w-process-only", now - 5_000)));

        assertEquals(List.of(List.of("w-stuck", "host-1", "4242", "5", "17")), stuck);
    }

    @Test
    void minuteAverages_areCutOnWholeMinutes_overTheLastHour() throws Exception {
        long minute = (now - 30 * MINUTE) / MINUTE * MINUTE;

        assertEquals(List.of(List.of(ISO_SECONDS.format(Instant.ofEpochMilli(minute)), "3.0", "2"),
                        List.of(ISO_SECONDS.format(Instant.ofEpochMilli(minute + MINUTE)), "10.0", "1")),
                run("One-minute averages of a metric over the last hour, on whole minutes as downsample() cuts them",
                        batch(point("http.latency", 2, minute + 1_000), point("http.latency", 4, minute + 59_999),
                                point("http.latency", 10, minute + MINUTE), point("http.latency", 50,
                                        now - 2 * 60 * MINUTE))));
    }

    @Test
    void latestValue_ofEachSeries() throws Exception {
        long at = now - 5 * MINUTE;

        List<List<String>> latest = run("The latest value of each series of a metric",
                batch(point("http.latency", 1, at, "region", "eu"), point("http.latency", 2, at + 1,
                        "region", "eu"), point("http.latency", 3, at, "region", "us")));

        assertEquals(List.of(List.of("{\"region\":\"eu\"}", "2.0"), List.of("{\"region\":\"us\"}", "3.0")),
                latest.stream().map(row -> List.of(row.get(0), row.get(2))).toList());
    }

    /** Writes the batch to a new file and runs on it the query of the schema page that has this title. */
    private List<List<String>> run(String title, WriteBatch data) throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(data);
        }
        return rows(file, query(title));
    }

    private static String query(String title) throws IOException {
        Matcher blocks = SQL_BLOCK.matcher(Files.readString(SCHEMA_PAGE));
        while (blocks.find()) {
            if (blocks.group(1).equals(title)) {
                return blocks.group(2);
            }
        }
        throw new AssertionError("docs/schema.md has no SQL block titled '-- " + title + "'");
    }
}
