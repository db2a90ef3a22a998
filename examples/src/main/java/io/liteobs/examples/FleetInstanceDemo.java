package io.liteobs.examples;

import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.Heartbeat;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricQuery;
import io.liteobs.postgres.PostgresOptions;
import io.liteobs.postgres.PostgresReader;
import io.liteobs.postgres.PostgresSource;
import io.liteobs.postgres.PostgresStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One instance of a service in a fleet that shares a PostgreSQL database: it records orders for a few seconds as
 * {@code orders/<instance>}, then reads back what every instance of the fleet wrote, as a dashboard would, lists the
 * instances with their last writes, and reads what this instance wrote on its own. Start it
 * several times with different instance names against one database to see the fleet.
 *
 * <pre>
 * java -cp ... io.liteobs.examples.FleetInstanceDemo jdbc:postgresql://localhost/obs?user=me orders-1 [seconds]
 * </pre>
 */
public final class FleetInstanceDemo {

    private FleetInstanceDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            throw new IllegalArgumentException("give a jdbc:postgresql: URL and an instance name, then seconds");
        }
        PostgresOptions options = PostgresOptions.builder(args[0]).service("orders").instance(args[1]).build();
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 5;

        try (LiteObs obs = LiteObs.builder(PostgresStore.open(options)).build()) {
            obs.heartbeat(options.instance()).start();
            long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < until) {
                double latency = 5 + ThreadLocalRandom.current().nextDouble(50);
                obs.metrics().record("orders.latency", latency, "ms", Labels.of("endpoint", "/orders"));
                obs.audit().logAsync(AuditEntry.builder("orders", "create").userId("user-"
                        + ThreadLocalRandom.current().nextInt(100)).build());
                Thread.sleep(10);
            }
        }

        try (PostgresReader fleet = PostgresReader.open(options)) {
            System.out.printf("%s holds, from every instance: %s%n", fleet.name(), fleet.rowCounts());
            System.out.printf("orders.latency points of every instance: %,d%n",
                    fleet.findMetricPoints(MetricQuery.builder("orders.latency").build()).size());
            System.out.printf("newest audit entry: %s%n", fleet.findAudit(AuditQuery.builder().limit(1).build()));
            for (Heartbeat beat : fleet.latestHeartbeats()) {
                System.out.printf("worker %-20s last beat %s%n", beat.workerId(), beat.timestamp());
            }
            for (PostgresSource source : fleet.sources()) {
                System.out.printf("source %s/%s last wrote at %s%n", source.service(), source.instance(),
                        source.lastWriteMillis().isPresent() ? Instant.ofEpochMilli(source.lastWriteMillis()
                                .getAsLong()) : "never");
            }
            PostgresReader thisInstance = fleet.forSource(options.service(), options.instance());
            System.out.printf("this instance holds: %s%n", thisInstance.rowCounts());
        }
    }
}
