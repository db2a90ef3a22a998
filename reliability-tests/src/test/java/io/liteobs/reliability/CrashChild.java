package io.liteobs.reliability;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Records a burst until it is killed, printing what it got acknowledged, one flushed line each:
 * {@code A <id>} once {@code AuditLogger.log} returned COMMITTED for that audit entry, and {@code F <n>} once a
 * {@code flush} returned true after events {@code <run>-e0..n} and metric points 0..n of series {@code run=<run>}
 * were recorded. Two stores share the file, as two services would: one for the synchronous audit writes of three
 * threads, one for the asynchronous events and metrics. Beside the burst, a series of six points a minute of
 * simulated time keeps its minutes as points while the writer is busy, rolled up while it is idle (a pause now and
 * then).
 *
 * <p>Arguments: the database file, the run's tag.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String run = args[1];
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        WriterOptions writer = WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10));
        LiteObs sync = LiteObs.builder(SqliteStore.open(file)).writer(writer).build();
        LiteObs async = LiteObs.builder(SqliteStore.open(file)).writer(writer).build();
        out.println("READY");
        for (int t = 0; t < 3; t++) {
            String prefix = run + "-a" + t + "-";
            Thread thread = new Thread(() -> {
                for (long i = 0; ; i++) {
                    String id = prefix + i;
                    LogResult result = sync.audit().log(AuditEntry.builder("crash", "burst").id(id)
                            .userId("u" + (i % 7)).parameters(java.util.Map.of("i", i)).build());
                    if (result == LogResult.COMMITTED) {
                        out.println("A " + id);
                    }
                }
            });
            thread.start();
        }
        Labels labels = Labels.of("run", run);
        long stepsFrom = System.currentTimeMillis() - Duration.ofDays(30).toMillis();
        for (long i = 0; ; i++) {
            async.metrics().record("crash.burst", i, labels);
            async.metrics().record("crash.steps", i, null, labels, stepsFrom + i * 10_000);
            async.events().record(BusinessEvent.builder("crash.burst", "child").id(run + "-e" + i).build());
            if (i % 100 == 99 && async.flush(Duration.ofSeconds(1))) {
                out.println("F " + i);
                if (i % 1_000 == 999) {
                    // a quiet moment, as a service has: the writer is idle, and rolls up raw minutes
                    Thread.sleep(20);
                }
            }
        }
    }
}
