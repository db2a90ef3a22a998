package io.liteobs.cli;

import io.liteobs.Heartbeat;
import io.liteobs.WorkerLiveness;
import io.liteobs.spi.StoreReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liteobs liveness}: each worker's last beat, judged as the library judges it ({@link WorkerLiveness}), with
 * an exit code for cron and Kubernetes exec probes.
 */
@Command(name = "liveness", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Whether workers are alive: each one's latest heartbeat, its age and its stale threshold.",
            "A worker is stale once its latest beat is older than " + WorkerLiveness.STALE_AFTER_INTERVALS
                    + " of its own heartbeat intervals, or than --stale-after."},
        footer = {"", "Exit codes: 0 every worker checked is alive; 1 one is stale; 3 one was never seen (or, with no"
                + " WORKER named, the file holds no heartbeat); 3 wins over 1. 2 wrong command line, 4 the file"
                + " cannot be read now, 5 the file is refused.",
            "", "Examples:", "  liteobs liveness -f /var/lib/orders/obs.db",
            "  liteobs liveness -f /var/lib/orders/obs.db order-worker payment-worker --quiet"})
final class LivenessCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Parameters(paramLabel = "WORKER", arity = "0..*",
            description = "The workers to check (default: every worker that ever beat).")
    private List<String> workers = new ArrayList<>();

    @Option(names = "--stale-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stale once the latest beat is older than this (15s, 2m), instead of "
                    + WorkerLiveness.STALE_AFTER_INTERVALS + " times the worker's own interval.")
    private @Nullable Duration staleAfter;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing; only the exit code tells.")
    private boolean quiet;

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        long now = LiteObsCommand.of(spec).clock().millis();
        List<Judged> judged = new ArrayList<>();
        try (StoreReader reader = file.openForReading()) {
            if (workers.isEmpty()) {
                reader.latestHeartbeats().forEach(beat -> judged.add(Judged.of(beat.workerId(), Optional.of(beat),
                        staleAfter, now)));
            } else {
                for (String worker : workers) {
                    judged.add(Judged.of(worker, reader.latestHeartbeat(worker), staleAfter, now));
                }
            }
        }
        if (!quiet) {
            print(judged);
        }
        if (judged.isEmpty() && !quiet) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + file.describe()
                    + " holds no heartbeat: no worker has ever beaten into it.");
        }
        boolean neverSeen = judged.isEmpty();
        boolean stale = false;
        for (Judged worker : judged) {
            WorkerLiveness liveness = worker.liveness();
            neverSeen |= liveness == null;
            stale |= liveness != null && !liveness.alive();
        }
        return neverSeen ? ExitCode.NEVER_SEEN : stale ? ExitCode.STALE : ExitCode.OK;
    }

    private void print(List<Judged> judged) {
        try (Output out = output.open(spec.commandLine().getOut(), false)) {
            out.section("workers", List.of(Column.text("worker"), Column.text("status"), Column.time("last_beat"),
                    Column.duration("age_ms"), Column.duration("interval_ms"), Column.duration("stale_after_ms"),
                    Column.text("host"), Column.integer("pid")));
            for (Judged worker : judged) {
                WorkerLiveness liveness = worker.liveness();
                if (liveness == null) {
                    out.row(worker.workerId(), "never seen", null, null, null, null, null, null);
                } else {
                    Heartbeat beat = liveness.lastBeat();
                    out.row(worker.workerId(), liveness.alive() ? "alive" : "stale", beat.timestampMillis(),
                            liveness.sinceLastBeat().toMillis(), beat.intervalMillis(),
                            liveness.staleAfter().toMillis(), beat.host(), beat.pid());
                }
            }
        }
    }

    /** A worker asked about, and its liveness; null when it never beat. */
    private record Judged(String workerId, @Nullable WorkerLiveness liveness) {

        static Judged of(String workerId, Optional<Heartbeat> latest, @Nullable Duration staleAfter, long now) {
            return new Judged(workerId, latest.map(beat -> WorkerLiveness.judge(beat, staleAfter, now)).orElse(null));
        }
    }
}
