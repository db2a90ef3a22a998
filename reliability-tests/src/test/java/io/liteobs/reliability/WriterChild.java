package io.liteobs.reliability;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Labels;
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
import java.time.Duration;
import java.util.Map;

/**
 * One of several processes recording into one file. Waits for the go file, then records rounds of one synchronous
 * audit entry, one asynchronous audit entry, one event and ten metric points, either a given number of rounds or
 * until the stop file appears. Then it flushes, closes, prints {@code DONE <rounds>} and exits 0 when every entry
 * was persisted, nothing was dropped, rejected or failed, every synchronous write was committed and no recording
 * call threw; otherwise it prints what went wrong and exits 1.
 *
 * <p>Arguments: database file, tag, rounds (0: until the stop file), go file, stop file, WAL size limit in bytes.
 */
public final class WriterChild {

    private WriterChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String tag = args[1];
        long rounds = Long.parseLong(args[2]);
        Path go = Path.of(args[3]);
        Path stop = Path.of(args[4]);
        long walLimit = Long.parseLong(args[5]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        String payload = "p".repeat(400);
        LiteObs obs = LiteObs.builder(SqliteStore.builder(file).walSizeLimit(walLimit).build())
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(20))).build();
        out.println("READY");
        while (Files.notExists(go)) {
            Thread.sleep(1);
        }
        Labels labels = Labels.of("writer", tag);
        long notCommitted = 0;
        long round = 0;
        try {
            for (; rounds == 0 ? Files.notExists(stop) : round < rounds; round++) {
                LogResult result = obs.audit().log(AuditEntry.builder("multi", "sync").id(tag + "-s" + round)
                        .parameters(Map.of("payload", payload)).build());
                if (result != LogResult.COMMITTED) {
                    notCommitted++;
                    out.println("NOT COMMITTED " + tag + "-s" + round + ": " + result);
                }
                obs.audit().logAsync(AuditEntry.builder("multi", "async").id(tag + "-a" + round).build());
                obs.events().record(BusinessEvent.builder("multi", tag).id(tag + "-e" + round).build());
                for (int i = 0; i < 10; i++) {
                    obs.metrics().record("multi", round * 10 + i, labels);
                }
            }
        } catch (Throwable e) {
            out.println("THREW " + e);
            e.printStackTrace();
            System.exit(1);
        }
        boolean flushed = obs.flush(Duration.ofSeconds(60));
        obs.close();
        boolean ok = flushed && notCommitted == 0;
        for (RecorderStats stats : obs.stats()) {
            out.println("STATS " + stats);
            ok &= stats.balanced() && stats.dropped() == 0 && stats.rejected() == 0 && stats.failed() == 0
                    && stats.queued() == 0;
        }
        out.println("DONE " + round);
        System.exit(ok ? 0 : 1);
    }
}
