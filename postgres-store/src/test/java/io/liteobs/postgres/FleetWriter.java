package io.liteobs.postgres;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance of a service writing a shared database through LiteObs, as a thread of the test or as a process of
 * its own ({@link #main}): {@code entries} audit entries, events and metric points (over {@link #SERIES} series),
 * then a flush and a close. Blocking queues, so that an exact count is the only right answer.
 */
final class FleetWriter {

    /** Series of the one metric each instance writes. */
    static final int SERIES = 10;
    /** What a child process prints last when every entry was persisted and no call failed. */
    static final String ALL_PERSISTED = "all persisted";

    private FleetWriter() {
    }

    /**
     * Writes the entries and closes; returns what went wrong, or an empty list.
     *
     * @param options where to write, as which instance
     */
    static List<String> write(PostgresOptions options, int entries) {
        RecorderOptions blocking = RecorderOptions.of(4_096, OverflowPolicy.BLOCK);
        List<String> problems = new ArrayList<>();
        try (LiteObs obs = LiteObs.builder(PostgresStore.open(options)).audit(blocking).events(blocking)
                .metrics(blocking).build()) {
            for (int i = 0; i < entries; i++) {
                boolean queued = obs.audit().logAsync(AuditEntry.builder("fleet", "write").userId("u-" + i).build())
                        & obs.events().record(BusinessEvent.builder("fleet.wrote", options.service()).build())
                        & obs.metrics().record("fleet.entries", i, Labels.of("shard", Integer.toString(i % SERIES)));
                if (!queued) {
                    problems.add("entry " + i + " was not queued");
                }
            }
            if (!obs.flush(Duration.ofSeconds(60))) {
                problems.add("flush timed out");
            }
            for (RecorderStats stats : obs.stats()) {
                if (stats.persisted() != stats.offered()) {
                    problems.add(stats.toString());
                }
            }
        }
        return problems;
    }

    /** Arguments: JDBC URL, service, instance, entries. Prints {@value #ALL_PERSISTED} or what went wrong. */
    public static void main(String[] args) {
        List<String> problems = write(PostgresOptions.builder(args[0]).service(args[1]).instance(args[2]).build(),
                Integer.parseInt(args[3]));
        System.out.println(problems.isEmpty() ? ALL_PERSISTED : String.join("\n", problems));
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
