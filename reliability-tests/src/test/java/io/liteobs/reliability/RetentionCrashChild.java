package io.liteobs.reliability;

import io.liteobs.AuditEntry;
import io.liteobs.DataKind;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.RetentionPolicy;
import io.liteobs.RetentionResult;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs retention (one day for metrics, audit and events, in small chunks) over a file full of old rows, while a
 * thread records fresh audit entries synchronously; prints {@code RUNNING} when retention starts, {@code A <id>}
 * for every audit entry acknowledged as committed, and {@code DONE <rows>} when retention finishes.
 *
 * <p>Arguments: the database file, the run's tag.
 */
public final class RetentionCrashChild {

    private RetentionCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String run = args[1];
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        RetentionPolicy policy = RetentionPolicy.builder()
                .keep(DataKind.METRICS, Duration.ofDays(1))
                .keep(DataKind.AUDIT, Duration.ofDays(1))
                .keep(DataKind.EVENTS, Duration.ofDays(1))
                .chunkSize(500).pauseBetweenChunks(Duration.ZERO)
                .build();
        LiteObs obs = LiteObs.builder(SqliteStore.open(file)).retention(policy)
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10))).build();
        Thread recorder = new Thread(() -> {
            for (long i = 0; ; i++) {
                String id = run + "-fresh-" + i;
                AuditEntry entry = AuditEntry.builder("retention", "recorded").id(id).build();
                if (obs.audit().log(entry) == LogResult.COMMITTED) {
                    out.println("A " + id);
                }
            }
        });
        recorder.setDaemon(true);
        recorder.start();
        out.println("RUNNING");
        RetentionResult result = obs.retention().run();
        out.println("DONE " + result.totalDeleted());
        Thread.sleep(Long.MAX_VALUE);
    }
}
