package io.liteobs.cli;

import io.liteobs.AuditEntry;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A service in its own JVM, as an operator's command line meets it: it beats as worker {@code orders} every
 * second, and records a metric point and an audit entry every few milliseconds, until it is killed. Prints
 * {@code READY} once its first entries are committed.
 */
public final class ServiceChild {

    private ServiceChild() {
    }

    public static void main(String[] args) throws Exception {
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(Path.of(args[0])))
                .heartbeatInterval(Duration.ofSeconds(1)).build()) {
            obs.heartbeat("orders").start();
            for (long i = 0; ; i++) {
                obs.metrics().record("orders.latency", i % 100, "ms", Labels.of("region", "eu"));
                obs.audit().logAsync(AuditEntry.builder("orders", "create").userId("user-" + i % 7).build());
                if (i == 100) {
                    obs.flush(Duration.ofSeconds(10));
                    System.out.println("READY");
                    System.out.flush();
                }
                Thread.sleep(2);
            }
        }
    }
}
