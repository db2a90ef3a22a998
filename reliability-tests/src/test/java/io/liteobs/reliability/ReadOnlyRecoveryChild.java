package io.liteobs.reliability;

import io.liteobs.AuditEntry;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.RecorderStats;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A service, running as an ordinary user, that opens its store while the database file is read-only (0444), as
 * after a restart while an operator had it so, and records; then the file is made writable again with {@code chmod}.
 * (A file made read-only under a store that is already open changes nothing: its connections keep the file open for
 * writing.) Prints {@code READY}, then {@code DEGRADED <status>} once the store says so, then {@code RECOVERED} or
 * {@code STILL <status>}, a {@code STATS} line per recorder and {@code DONE <accepted>}, the number of asynchronous
 * entries it accepted. Exits 0 when writes resumed and every entry was persisted; 1 otherwise.
 *
 * <p>Arguments: database file.
 */
public final class ReadOnlyRecoveryChild {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ReadOnlyRecoveryChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        boolean ok;
        try (LiteObs first = LiteObs.builder(SqliteStore.open(file)).build()) {
            ok = first.audit().log(AuditEntry.builder("ro", "before").build()) == LogResult.COMMITTED;
        }
        Set<PosixFilePermission> writable = Files.getPosixFilePermissions(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        LiteObs obs = LiteObs.builder(SqliteStore.open(file))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10))).build();
        out.println("READY");
        long[] accepted = {0};
        boolean degraded = recordUntil(obs, accepted, obs::degraded);
        out.println(degraded ? "DEGRADED " + obs.storeStatus() : "NEVER DEGRADED " + obs.storeStatus());

        Files.setPosixFilePermissions(file, writable);
        boolean recovered = recordUntil(obs, accepted, () -> obs.storeStatus().isOk());
        out.println(recovered ? "RECOVERED" : "STILL " + obs.storeStatus());
        ok &= obs.flush(WAIT);
        obs.close();
        for (RecorderStats stats : obs.stats()) {
            out.println("STATS " + stats);
            ok &= stats.balanced() && stats.failed() == 0 && stats.dropped() == 0;
        }
        out.println("DONE " + accepted[0]);
        System.exit(ok && degraded && recovered ? 0 : 1);
    }

    /** Records an entry a millisecond until the condition holds, at most {@link #WAIT}; whether it came to hold. */
    private static boolean recordUntil(LiteObs obs, long[] accepted, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (obs.audit().logAsync(AuditEntry.builder("ro", "async").build())) {
                accepted[0]++;
            }
            obs.metrics().record("ro.async", accepted[0]);
            Thread.sleep(1);
        }
        return true;
    }
}
