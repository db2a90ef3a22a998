package com.example.orders;

import io.liteobs.AuditEntry;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.sqlite.SqliteStore;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Records one of each kind into the file named by its argument, and fails if anything is not committed. */
public final class OrdersMain {

    public static void main(String[] args) {
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(Path.of(args[0]))).build();
             LiteObsRuntime runtime = LiteObsRuntime.start(obs)) {
            Counter.builder("orders.created").register(runtime.registry()).increment();
            obs.metrics().record("orders.latency", 12.5, "ms", Labels.of("region", "eu"));
            LogResult audit = obs.audit().log(AuditEntry.builder("orders", "create").userId("alice")
                    .parameters(Map.of("order", 42)).build());
            LogResult beat = obs.heartbeat("order-worker").beat();
            if (audit != LogResult.COMMITTED || beat != LogResult.COMMITTED || !obs.flush(Duration.ofSeconds(30))) {
                throw new IllegalStateException("not committed: audit " + audit + ", heartbeat " + beat);
            }
            System.out.println(runtime.health().toText());
        }
    }
}
