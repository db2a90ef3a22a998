package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown with entries queued: a clean close persists them within its drain timeout; with the file locked by
 * another process, close gives up on time and says exactly how many entries it could not persist.
 */
class ShutdownTest {

    private static final Duration DRAIN = Duration.ofSeconds(1);
    /** Close waits for the drain timeout, then a second of grace for the writer thread. */
    private static final Duration CLOSE_BOUND = DRAIN.plusSeconds(1);

    @TempDir
    Path dir;

    @Test
    void cleanShutdown_persistsEverythingQueued_withinTheDrainTimeout() throws Exception {
        Path file = dir.resolve("obs.db");
        LiteObs obs = LiteObs.builder(SqliteStore.open(file))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofHours(1)).withDrainTimeout(
                        Duration.ofSeconds(30)))
                .audit(RecorderOptions.of(1 << 16, OverflowPolicy.BLOCK))
                .events(RecorderOptions.of(1 << 16, OverflowPolicy.BLOCK))
                .build();
        for (int i = 0; i < 20_000; i++) {
            obs.metrics().record("queued", i);
            obs.audit().logAsync(AuditEntry.builder("shutdown", "queued").build());
            obs.events().record(BusinessEvent.builder("queued", "shutdown").build());
        }
        long started = System.nanoTime();
        obs.close();
        System.out.printf("close wrote 60,000 queued entries in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        assertEquals(20_000, Db.count(file, "SELECT count(*) FROM metrics_timeseries"));
        assertEquals(20_000, Db.count(file, "SELECT count(*) FROM audit_log"));
        assertEquals(20_000, Db.count(file, "SELECT count(*) FROM business_event_logs"));
        for (RecorderStats stats : obs.stats()) {
            assertEquals(stats.offered(), stats.persisted(), stats.toString());
        }
    }

    @Test
    void lockedDatabase_closeGivesUpOnTime_andSaysExactlyHowManyEntriesItCouldNotPersist() throws Exception {
        Path file = dir.resolve("obs.db");
        // the default busy timeout (5 s) is longer than the drain timeout: close must not wait for it
        LiteObs obs = LiteObs.builder(SqliteStore.open(file))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10)).withDrainTimeout(DRAIN))
                .audit(RecorderOptions.of(16_384, OverflowPolicy.DROP))
                .build();
        LogFile log = LogFile.mark();
        CompletableFuture<LogResult> waitingCaller;
        long started;
        try (Connection locker = Db.connect(file); Statement lock = locker.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < 3_000; i++) {
                obs.metrics().record("locked", i);
                obs.audit().logAsync(AuditEntry.builder("shutdown", "locked").build());
                obs.events().record(BusinessEvent.builder("locked", "shutdown").build());
            }
            waitingCaller = CompletableFuture.supplyAsync(
                    () -> obs.audit().log(AuditEntry.builder("shutdown", "sync").build()));
            Thread.sleep(200);
            started = System.nanoTime();
            obs.close();
            long took = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("close gave up after %d ms%n", took);
            assertTrue(took < CLOSE_BOUND.toMillis() + 500, "close took " + took + " ms");
            lock.execute("ROLLBACK");
        }
        assertEquals(LogResult.FAILED, waitingCaller.get(10, TimeUnit.SECONDS));

        long lost = 0;
        for (RecorderStats stats : obs.stats()) {
            assertTrue(stats.balanced(), stats.toString());
            assertEquals(0, stats.persisted() + stats.queued(), stats.toString());
            lost += stats.failed();
        }
        assertEquals(3_000, obs.metrics().stats().failed());
        assertEquals(3_001, obs.audit().stats().failed());
        assertEquals(3_000, obs.events().stats().failed());
        assertEquals(0, Db.count(file, "SELECT count(*) FROM audit_log"));

        List<String> said = log.linesContaining("could not persist");
        System.out.println(String.join("\n", said));
        assertTrue(said.stream().anyMatch(line -> line.contains("3000 metrics entries")), said.toString());
        assertTrue(said.stream().anyMatch(line -> line.contains("3001 audit entries")), said.toString());
        assertTrue(said.stream().anyMatch(line -> line.contains("3000 events entries")), said.toString());
        String total = lost + " entries in all";
        assertTrue(said.stream().anyMatch(line -> line.contains(total)), said.toString());
    }
}
