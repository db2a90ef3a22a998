package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liteobs.AuditEntry;
import io.liteobs.Await;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.LiteObs;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.RetentionPolicy;
import io.liteobs.RetentionResult;
import io.liteobs.StoreStatus;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the store's folder is a small tmpfs. Recording never throws, LiteObs reports itself degraded
 * with the reason, writes resume on their own when space returns, and retention runs on the full disk and frees
 * room for the writes. Needs root to mount; skipped elsewhere (sqlite-store's DiskFullFallbackTest injects
 * SQLITE_FULL instead).
 */
class DiskFullTest {

    private static final String PAYLOAD = "x".repeat(300);

    @TempDir
    Path tmp;

    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectory(tmp.resolve("disk"));
        mounted = Mounts.tmpfs(disk, "4m");
        assumeTrue(mounted, "mounting a tmpfs needs root; the fallback test covers SQLITE_FULL without it");
    }

    @AfterEach
    void unmount() {
        if (mounted) {
            Mounts.unmount(disk);
        }
    }

    private LiteObs open(Path file, RetentionPolicy retention) {
        // the default reserve, sized to the file: 1 MiB on this small disk
        return LiteObs.builder(SqliteStore.open(file))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(20)))
                .audit(RecorderOptions.of(1 << 16, OverflowPolicy.DROP))
                .events(RecorderOptions.of(1 << 16, OverflowPolicy.DROP))
                .retention(retention)
                .build();
    }

    /** Records audit entries and events until the store reports the disk full; returns the ids accepted. */
    private static Set<String> recordUntilFull(LiteObs obs, String prefix, Instant stamp) throws Exception {
        Set<String> accepted = new HashSet<>();
        for (int i = 0; obs.storeStatus().state() == StoreStatus.State.OK; i++) {
            assertTrue(i < 2_000_000, "the disk never filled up");
            String id = prefix + i;
            AuditEntry.Builder entry = AuditEntry.builder("disk", "full").id(id).parameters(Map.of("p", PAYLOAD));
            BusinessEvent.Builder event = BusinessEvent.builder("disk.full", "test").id(id).detailsJson("{}");
            if (stamp != null) {
                entry.timestamp(stamp);
                event.timestamp(stamp);
            }
            if (obs.audit().logAsync(entry.build())) {
                accepted.add(id);
            }
            obs.events().record(event.build());
            obs.metrics().record("disk.full", i);
            if (i % 500 == 499) {
                obs.flush(Duration.ofSeconds(5));
            }
        }
        return accepted;
    }

    @Test
    void fullDisk_recordingNeverThrows_degradedWithTheReason_andWritesResumeWhenSpaceReturns() throws Exception {
        Path file = disk.resolve("obs.db");
        Path reserve = disk.resolve("obs.db-reserve");
        try (LiteObs obs = open(file, RetentionPolicy.builder().build())) {
            assertTrue(Files.exists(reserve), "the reserve is made while there is room");
            Set<String> accepted = recordUntilFull(obs, "a-", null);

            // while the disk is full: recording goes on, into the queues, and never throws
            for (int i = 0; i < 2_000; i++) {
                String id = "during-" + i;
                if (obs.audit().logAsync(AuditEntry.builder("disk", "during").id(id).build())) {
                    accepted.add(id);
                }
            }
            StoreStatus status = obs.storeStatus();
            System.out.println("degraded: " + status);
            assertEquals(StoreStatus.State.DEGRADED, status.state());
            assertTrue(status.reason().contains("SQLITE_FULL") && status.reason().contains(file.toString())
                    && status.reason().contains("disk is full"), status.reason());
            assertNotNull(status.since());
            assertTrue(obs.degraded());
            assertFalse(obs.flush(Duration.ofMillis(300)), "nothing can be written while the disk is full");
            assertTrue(Files.exists(reserve), "a write meeting a full disk leaves the reserve for retention");

            Mounts.resize(disk, "64m");
            Await.until("writes resume on their own", Duration.ofSeconds(30), () -> obs.storeStatus().isOk()
                    && obs.audit().stats().queued() == 0);
            assertTrue(obs.flush(Duration.ofSeconds(30)));
            for (RecorderStats stats : obs.stats()) {
                assertTrue(stats.balanced(), stats.toString());
                assertEquals(0, stats.failed() + stats.rejected(), stats.toString());
            }
            Set<String> stored = Db.columnSet(file, "SELECT entry_id FROM audit_log");
            Set<String> missing = new HashSet<>(accepted);
            missing.removeAll(stored);
            assertEquals(Set.of(), missing, "entries accepted while the disk was full are lost");
            assertEquals(accepted.size(), stored.size());
            Await.until("the reserve is made again", Duration.ofSeconds(30), () -> {
                obs.metrics().record("tick", 1);
                return Files.exists(reserve);
            });
        }
        assertEquals(java.util.List.of("ok"), Db.integrityCheck(file));
    }

    @Test
    void fullDisk_retentionStillRuns_andFreesRoomForTheWritesWithoutMoreSpace() throws Exception {
        Path file = disk.resolve("obs.db");
        RetentionPolicy keepADay = RetentionPolicy.builder()
                .keep(DataKind.AUDIT, Duration.ofDays(1))
                .keep(DataKind.EVENTS, Duration.ofDays(1))
                .keep(DataKind.METRICS, Duration.ofDays(1))
                .build();
        try (LiteObs obs = open(file, keepADay)) {
            // the file holds history up to the last hour; the newest rows guard against a clock far ahead
            for (int i = 0; i < 100; i++) {
                Instant recent = Instant.now().minus(Duration.ofHours(1));
                obs.audit().logAsync(AuditEntry.builder("disk", "recent").timestamp(recent).build());
                obs.events().record(BusinessEvent.builder("disk.recent", "test").timestamp(recent).build());
                obs.metrics().record("disk.full", i, null, null, recent.toEpochMilli());
            }
            assertTrue(obs.flush(Duration.ofSeconds(10)));
            Set<String> old = recordUntilFull(obs, "old-", Instant.now().minus(Duration.ofDays(30)));
            Set<String> fresh = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                if (obs.audit().logAsync(AuditEntry.builder("disk", "fresh").id("fresh-" + i).build())) {
                    fresh.add("fresh-" + i);
                }
            }
            assertEquals(StoreStatus.State.DEGRADED, obs.storeStatus().state());

            RetentionResult result = obs.retention().run();
            System.out.println("retention on a full disk: " + result + "; " + old.size() + " old entries accepted");
            assertTrue(result.completed());
            assertTrue(result.deleted().get(DataKind.AUDIT) > 0, result.toString());

            Await.until("writes resume without more space", Duration.ofSeconds(30), () -> obs.storeStatus().isOk()
                    && obs.audit().stats().queued() == 0);
            assertTrue(obs.flush(Duration.ofSeconds(30)));
            Set<String> stored = Db.columnSet(file, "SELECT entry_id FROM audit_log WHERE operation = 'fresh'");
            assertEquals(fresh, stored);
            assertEquals(0, obs.audit().stats().failed());
            // old entries still queued when retention ran have landed since; a second run takes them too
            obs.retention().run();
        }
        assertEquals(0, Db.count(file, "SELECT count(*) FROM audit_log WHERE operation = 'full'"));
        assertEquals(100, Db.count(file, "SELECT count(*) FROM audit_log WHERE operation = 'recent'"));
        assertEquals(java.util.List.of("ok"), Db.integrityCheck(file));
    }
}
