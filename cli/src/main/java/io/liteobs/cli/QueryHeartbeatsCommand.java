package io.liteobs.cli;

import io.liteobs.Heartbeat;
import io.liteobs.Page;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.postgres.PostgresReader;
import io.liteobs.spi.StoreReader;
import io.liteobs.sqlite.SqliteFileInspector;
import io.liteobs.sqlite.SqliteReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liteobs query heartbeats}: each worker's latest beat with its JVM figures, or, with {@code --history}, the
 * beats over time.
 */
@Command(name = "heartbeats", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"The latest heartbeat of each worker (or of those named), with its JVM figures: threads,"
                + " heap, GC, CPU load, uptime.", "With --history: the beats over time, newest first (a page per worker named)."},
        footer = {"", "Examples:", "  liteobs query heartbeats -f obs.db",
            "  liteobs query heartbeats -f obs.db order-worker --history --since 1h --csv"})
final class QueryHeartbeatsCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Parameters(paramLabel = "WORKER", arity = "0..*", description = "Only these workers (default: every worker).")
    private List<String> workers = new ArrayList<>();

    @Option(names = "--history", description = "Every beat in the range, not only the latest.")
    private boolean history;

    @Option(names = "--asc", description = "With --history: oldest first.")
    private boolean ascending;

    @Mixin
    private TimeRangeOptions range = new TimeRangeOptions();

    @Mixin
    private PageOptions page = new PageOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        List<Heartbeat> beats = new ArrayList<>();
        try (StoreReader reader = file.openForReading()) {
            if (history) {
                History history = reader instanceof SqliteReader sqlite ? SqliteFileInspector.of(sqlite)::heartbeats
                        : ((PostgresReader) reader)::heartbeats;
                SortDirection direction = ascending ? SortDirection.ASC : SortDirection.DESC;
                TimeRange selected = range.range(LiteObsCommand.of(spec).clock().instant());
                if (workers.isEmpty()) {
                    beats.addAll(history.beats(null, selected, direction, page.page()));
                }
                for (String worker : workers) {
                    beats.addAll(history.beats(worker, selected, direction, page.page()));
                }
            } else if (workers.isEmpty()) {
                beats.addAll(reader.latestHeartbeats());
            } else {
                workers.forEach(worker -> reader.latestHeartbeat(worker).ifPresent(beats::add));
            }
        }
        try (Output out = output.open(spec.commandLine().getOut(), false)) {
            out.section("heartbeats", Rows.HEARTBEATS);
            beats.forEach(beat -> Rows.heartbeat(out, beat));
        }
        return ExitCode.OK;
    }

    /** The heartbeat history query of a file's inspector or of a PostgreSQL reader, which both offer it. */
    @FunctionalInterface
    private interface History {
        List<Heartbeat> beats(@Nullable String workerId, TimeRange range, SortDirection direction, Page page);
    }
}
