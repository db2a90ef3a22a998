package io.liteobs.reliability;

import io.liteobs.BusinessEvent;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.RecorderStats;
import io.liteobs.runtime.micrometer.LiteObsMetrics;
import io.liteobs.sqlite.SqliteStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records metric points and events from several threads as fast as they go, far above what the store can take, for
 * a given time, with the default queues. Samples the heap used after a full GC while the burst runs, then flushes
 * and prints {@code HEAP <baseline> <largest>}, one {@code STATS} line per recorder and {@code METER <component>
 * <dropped>} from the Micrometer meters. A recording call that throws makes it print {@code THREW} and exit 1.
 *
 * <p>Arguments: database file, seconds, threads.
 */
public final class OverloadChild {

    private OverloadChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long seconds = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new LiteObsMetrics(obs).bindTo(registry);
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean threw = new AtomicBoolean();
        List<Thread> recorders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Labels labels = Labels.of("thread", "t" + t);
            String service = "s" + t;
            Thread thread = new Thread(() -> {
                try {
                    for (long i = 0; !stop.get(); i++) {
                        obs.metrics().record("overload", i, labels);
                        if ((i & 3) == 0) {
                            obs.events().record(BusinessEvent.builder("overload", service).entity("n", "e" + i)
                                    .detailsJson("{\"i\":" + i + "}").build());
                        }
                    }
                } catch (Throwable e) {
                    threw.set(true);
                    out.println("THREW " + e);
                }
            });
            thread.start();
            recorders.add(thread);
        }
        long largest = 0;
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() - end < 0) {
            Thread.sleep(Math.max(1, seconds * 1000 / 8));
            System.gc();
            largest = Math.max(largest, memory.getHeapMemoryUsage().getUsed());
        }
        stop.set(true);
        for (Thread thread : recorders) {
            thread.join();
        }
        boolean flushed = obs.flush(Duration.ofSeconds(60));
        out.println("HEAP " + baseline + " " + largest);
        for (RecorderStats stats : obs.stats()) {
            out.println("STATS " + stats.component() + " " + stats.offered() + " " + stats.persisted() + " "
                    + stats.dropped() + " " + stats.rejected() + " " + stats.failed() + " " + stats.queued());
            out.println("METER " + stats.component() + " "
                    + (long) registry.get("liteobs.recorder.dropped").tag("component", stats.component())
                    .functionCounter().count());
        }
        obs.close();
        out.println("DONE flushed=" + flushed);
        System.exit(threw.get() ? 1 : 0);
    }
}
