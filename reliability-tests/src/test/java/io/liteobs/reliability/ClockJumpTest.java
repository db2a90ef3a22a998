package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.Await;
import io.liteobs.DataKind;
import io.liteobs.LiteObs;
import io.liteobs.RetentionPolicy;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wall clock jumps forward or back (an injected clock; the system clock is the machine's). Retention never
 * deletes rows younger than the policy's age, measured from the earliest of the clock, a monotonic estimate, what the
 * file held when the process started, and the newest row; a jump back only delays deletion. The flush schedule runs on the monotonic clock and keeps
 * going whatever the wall clock does.
 */
class ClockJumpTest {

    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path dir;

    /** The system clock moved by an offset that a test changes: a wall clock that jumps. */
    static final class JumpingClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void jump(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    private static RetentionPolicy keepAWeek() {
        return RetentionPolicy.builder().keep(DataKind.AUDIT, WEEK).keep(DataKind.METRICS, WEEK).build();
    }

    private static void record(LiteObs obs, String operation, Instant at, int count) {
        for (int i = 0; i < count; i++) {
            obs.audit().logAsync(AuditEntry.builder("clock", operation).timestamp(at).build());
            obs.metrics().record("clock." + operation, i, null, null, at.toEpochMilli());
        }
    }

    private static long rows(Path file, String operation) throws Exception {
        return Db.count(file, "SELECT count(*) FROM audit_log WHERE operation = '" + operation + "'");
    }

    @Test
    void clockJumpingForward_doesNotMakeRetentionDeleteFreshData() throws Exception {
        Path file = dir.resolve("forward.db");
        JumpingClock clock = new JumpingClock();
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).clock(clock).retention(keepAWeek()).build()) {
            record(obs, "old", Instant.now().minus(Duration.ofDays(10)), 100);
            record(obs, "fresh", Instant.now().minus(Duration.ofHours(1)), 100);
            assertTrue(obs.flush(Duration.ofSeconds(10)));

            clock.jump(Duration.ofDays(30));
            record(obs, "after-jump", clock.instant(), 100);
            assertTrue(obs.flush(Duration.ofSeconds(10)));
            assertEquals(100, obs.retention().run().deleted().get(DataKind.AUDIT));
        }
        assertEquals(0, rows(file, "old"), "data older than the policy by the real time goes");
        assertEquals(100, rows(file, "fresh"), "a clock 30 days ahead does not age fresh data");
        assertEquals(100, rows(file, "after-jump"));
        assertEquals(100, Db.count(file, "SELECT count(*) FROM metrics_timeseries t JOIN metrics_metadata m"
                + " USING (series_id) WHERE m.name = 'clock.fresh'"));
    }

    @Test
    void clockAheadWhenTheProcessStarts_stampingEntries_doesNotMakeRetentionDeleteFreshData() throws Exception {
        Path file = dir.resolve("boot.db");
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build()) {
            record(obs, "old", Instant.now().minus(Duration.ofDays(10)), 100);
            record(obs, "fresh", Instant.now().minus(Duration.ofHours(1)), 100);
            assertTrue(obs.flush(Duration.ofSeconds(10)));
        }
        JumpingClock clock = new JumpingClock();
        clock.jump(Duration.ofDays(30));
        LogFile log = LogFile.mark();
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).clock(clock).retention(keepAWeek()).build()) {
            // the monotonic estimate starts from a clock a month ahead, and the newest rows are stamped by it: only
            // what the file held when the process started holds retention back
            obs.audit().log(AuditEntry.builder("clock", "stamped-ahead").build());
            obs.metrics().record("clock.stamped-ahead", 1);
            assertTrue(obs.flush(Duration.ofSeconds(10)));
            Map<DataKind, Long> deleted = obs.retention().run().deleted();
            assertEquals(100, deleted.get(DataKind.AUDIT));
            assertEquals(100, deleted.get(DataKind.METRICS));
            assertEquals(0, obs.retention().run().totalDeleted());
        }
        List<String> warnings = log.linesContaining("Either the clock was ahead from the start");
        assertEquals(1, warnings.size(), "said once, on the first run: " + warnings);
        assertEquals(0, rows(file, "old"));
        assertEquals(100, rows(file, "fresh"));
        assertEquals(1, rows(file, "stamped-ahead"));
        assertEquals(100, Db.count(file, "SELECT count(*) FROM metrics_timeseries t JOIN metrics_metadata m"
                + " USING (series_id) WHERE m.name = 'clock.fresh'"));
    }

    @Test
    void clockJumpingBack_delaysDeletionOnly_andFlushesKeepHappening() throws Exception {
        Path file = dir.resolve("back.db");
        JumpingClock clock = new JumpingClock();
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).clock(clock).retention(keepAWeek())
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(50))).build()) {
            record(obs, "old", Instant.now().minus(Duration.ofDays(10)), 100);
            record(obs, "fresh", Instant.now().minus(Duration.ofHours(1)), 100);
            assertTrue(obs.flush(Duration.ofSeconds(10)));

            clock.jump(Duration.ofDays(-30));
            for (int i = 0; i < 5; i++) {
                long persisted = obs.audit().stats().persisted();
                obs.audit().logAsync(AuditEntry.builder("clock", "after-jump").build());
                // no flush call: the writer's schedule alone, on the monotonic clock, writes the entry
                Await.until("flush " + i + " after the clock jumped back", Duration.ofSeconds(10),
                        () -> obs.audit().stats().persisted() == persisted + 1);
            }
            assertEquals(0, obs.retention().run().deleted().get(DataKind.AUDIT),
                    "a clock 30 days behind makes everything look young: nothing is deleted");

            // entries keep the time the clock gave them: those stamped 30 days back are 30 days old once it is right
            clock.jump(Duration.ofDays(30));
            assertEquals(105, obs.retention().run().deleted().get(DataKind.AUDIT));
        }
        assertEquals(0, rows(file, "old"));
        assertEquals(100, rows(file, "fresh"));
        assertEquals(0, rows(file, "after-jump"));
    }
}
