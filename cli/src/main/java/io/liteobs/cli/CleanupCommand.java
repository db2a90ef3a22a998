package io.liteobs.cli;

import io.liteobs.DataKind;
import io.liteobs.Retention;
import io.liteobs.RetentionPolicy;
import io.liteobs.RetentionResult;
import io.liteobs.RollupTier;
import io.liteobs.postgres.PostgresReader;
import io.liteobs.postgres.PostgresStore;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreReader;
import io.liteobs.sqlite.SqliteFileInspector;
import io.liteobs.sqlite.SqliteReader;
import io.liteobs.sqlite.SqliteStore;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liteobs cleanup}: retention run by an operator or cron, through the library's own {@link Retention}: the
 * same cutoffs, the same bounded chunks with a pause between them, so it is safe while the service writes.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Deletes rows older than a retention policy, in short chunks (safe while the service writes),"
                + " then truncates the -wal log; prints the rows deleted per kind and the bytes given back.",
            "A file of an older schema version is first migrated to this LiteObs's version (the schema table of"
                    + " the output says so); --dry-run never migrates. Over PostgreSQL (a JDBC URL), deletes"
                    + " through the PostgreSQL store.",
            "Ages are measured from now, or from the newest row of the kind when that is older: a file left"
                    + " unwritten for a month keeps its last week of data under --keep metrics=7d.",
            "Kinds: audit, metrics (points; series stay described), events, heartbeats, alerts, http_requests.",
            "Metric rollups are kept per tier, apart from the points: the minute tier 30 days and the hour tier 730"
                    + " days unless --keep-rollups-1m and --keep-rollups-1h say otherwise."},
        footer = {"", "Exit codes: 0 done, 2 wrong command line, 4 the file cannot be written now (read-only, disk"
                + " full, locked), 5 the file is refused.",
            "", "Examples:", "  liteobs cleanup -f obs.db --keep metrics=7d --keep heartbeats=1d --keep audit=365d",
            "  liteobs cleanup -f obs.db --policy /etc/liteobs/retention.properties --dry-run",
            "  liteobs cleanup -f obs.db --keep metrics=30d --vacuum",
            "  liteobs cleanup -f obs.db --keep metrics=7d --keep-rollups-1m 30d --keep-rollups-1h 730d"})
final class CleanupCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Option(names = "--keep", paramLabel = "KIND=AGE",
            description = "Keep this kind of data for this long (7d, 12h, 90d); repeat per kind. Kinds not named"
                    + " are kept forever.")
    private Map<String, String> keep = new LinkedHashMap<>();

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Read KIND=AGE lines from this file (# starts a comment); --keep wins where both name a"
                    + " kind.")
    private @Nullable Path policyFile;

    @Option(names = "--keep-rollups-1m", paramLabel = "AGE",
            description = "Keep the one-minute metric rollups for this long (default: 30d).")
    private @Nullable String keepMinuteRollups;

    @Option(names = "--keep-rollups-1h", paramLabel = "AGE",
            description = "Keep the one-hour metric rollups for this long (default: 730d).")
    private @Nullable String keepHourRollups;

    @Option(names = "--dry-run", description = "Count what would be deleted; change nothing (opens the file"
            + " read-only).")
    private boolean dryRun;

    @Option(names = "--vacuum", description = "Then rebuild the file without its free pages (VACUUM), giving their"
            + " space back to the disk. Holds the service's writes up for the whole rewrite (seconds per hundreds of"
            + " MiB) and needs free space of up to twice the file.")
    private boolean vacuum;

    @Option(names = "--chunk-size", paramLabel = "ROWS", defaultValue = "" + RetentionPolicy.DEFAULT_CHUNK_SIZE,
            description = "Rows deleted per transaction (default: ${DEFAULT-VALUE}).")
    private int chunkSize;

    @Option(names = "--pause", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Pause between chunks, which lets the service's writes in (default: 5ms).")
    private Duration pause = RetentionPolicy.DEFAULT_PAUSE;

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        RetentionPolicy policy = policy();
        if (vacuum && file.postgres()) {
            throw new UserError("--vacuum is not available over PostgreSQL: its VACUUM FULL would lock the"
                    + " services' writes out; cleanup already runs VACUUM (ANALYZE), which makes the room reusable",
                    ExitCode.USAGE);
        }
        Clock clock = LiteObsCommand.of(spec).clock();
        Map<DataKind, Long> rows = new EnumMap<>(DataKind.class);
        Map<DataKind, Long> cutoffs = new EnumMap<>(DataKind.class);
        Map<RollupTier, Long> buckets = new EnumMap<>(RollupTier.class);
        Map<RollupTier, Long> bucketCutoffs = new EnumMap<>(RollupTier.class);
        Path sqliteFile = null;
        Sizes before = null;
        int versionBefore = 0;
        try (StoreReader reader = file.openForReading()) {
            if (reader instanceof SqliteReader sqlite) {
                sqliteFile = sqlite.file();
                before = Sizes.of(sqliteFile);
                versionBefore = sqlite.schemaVersion();
            }
            policy.maxAge().forEach((kind, age) -> {
                // as a Retention made now measures it: from now, or from the kind's newest row when that is older
                OptionalLong newest = reader.newestTimestamp(kind);
                long cutoff = Math.min(clock.millis(), newest.orElse(clock.millis())) - age.toMillis();
                cutoffs.put(kind, cutoff);
                if (dryRun) {
                    rows.put(kind, newest.isPresent() ? rowsOlderThan(reader, kind, cutoff) : 0);
                }
            });
            // a rollup bucket is as old as the newest metric point allows, as Retention measures it
            OptionalLong newestPoint = reader.newestTimestamp(DataKind.METRICS);
            policy.rollupMaxAge().forEach((tier, age) -> {
                long cutoff = Math.min(clock.millis(), newestPoint.orElse(clock.millis())) - age.toMillis();
                bucketCutoffs.put(tier, cutoff);
                if (dryRun) {
                    buckets.put(tier, reader instanceof SqliteReader sqlite
                            ? SqliteFileInspector.of(sqlite).rollupBucketsOlderThan(tier, cutoff) : 0L);
                }
            });
        }
        if (!dryRun) {
            try (ObservabilityStore store = sqliteFile != null ? SqliteStore.open(sqliteFile)
                    : file.openPostgres(PostgresStore::open)) {
                RetentionResult result = Retention.of(store, policy, clock).run();
                rows.putAll(result.deleted());
                buckets.putAll(result.rollupsDeleted());
                if (vacuum && store instanceof SqliteStore sqlite) {
                    sqlite.vacuum();
                }
            }
        }
        try (Output out = output.open(spec.commandLine().getOut(), true)) {
            out.section(dryRun ? "would_delete" : "deleted", List.of(Column.text("kind"), Column.duration("keep_ms"),
                    Column.time("cutoff"), Column.integer("rows")));
            policy.maxAge().forEach((kind, age) -> out.row(kind.name().toLowerCase(Locale.ROOT), age.toMillis(),
                    cutoffs.get(kind), rows.getOrDefault(kind, 0L)));
            // PostgreSQL keeps no rollups: nothing to delete there
            out.section(dryRun ? "rollups_would_delete" : "rollups_deleted", List.of(Column.text("tier"),
                    Column.duration("keep_ms"), Column.time("cutoff"), Column.integer("rows")));
            policy.rollupMaxAge().forEach((tier, age) -> out.row(tierName(tier), age.toMillis(),
                    bucketCutoffs.get(tier), buckets.getOrDefault(tier, 0L)));
            if (sqliteFile != null && before != null) {
                Sizes after = dryRun ? before : Sizes.of(sqliteFile);
                out.section("space", List.of(Column.bytes("file_bytes_before"), Column.bytes("file_bytes_after"),
                        Column.bytes("wal_bytes_before"), Column.bytes("wal_bytes_after"),
                        Column.bytes("given_back")));
                out.row(before.file(), after.file(), before.wal(), after.wal(), before.total() - after.total());
                // a store brings a file of an older schema up to its own when it opens it; a dry run opens none
                out.section("schema", List.of(Column.integer("version_before"), Column.integer("version_after")));
                out.row(versionBefore, dryRun ? versionBefore : SqliteReader.READS_UP_TO);
            }
        }
        return ExitCode.OK;
    }

    /** What a retention run with the cutoff would delete, counted by the reader's own query. */
    private static long rowsOlderThan(StoreReader reader, DataKind kind, long cutoff) {
        return reader instanceof SqliteReader sqlite ? SqliteFileInspector.of(sqlite).rowsOlderThan(kind, cutoff)
                : ((PostgresReader) reader).rowsOlderThan(kind, cutoff);
    }

    /** The policy from --policy and --keep; every kind named must be known and every age a positive duration. */
    private RetentionPolicy policy() {
        Map<String, String> ages = new LinkedHashMap<>();
        if (policyFile != null) {
            Properties lines = new Properties();
            try (Reader in = Files.newBufferedReader(policyFile, StandardCharsets.UTF_8)) {
                lines.load(in);
            } catch (NoSuchFileException e) {
                throw new ParameterException(spec.commandLine(), "--policy: " + policyFile + " does not exist");
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--policy: cannot read " + policyFile + ": " + e);
            }
            lines.stringPropertyNames().forEach(kind -> ages.put(kind, lines.getProperty(kind)));
        }
        ages.putAll(keep);
        if (ages.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Nothing to clean up: say how long to keep each kind,"
                    + " for example --keep metrics=7d --keep audit=90d, or give a --policy file");
        }
        RetentionPolicy.Builder policy = RetentionPolicy.builder().chunkSize(chunkSize).pauseBetweenChunks(pause);
        ages.forEach((kind, age) -> policy.keep(kind(kind), age(kind, age)));
        if (keepMinuteRollups != null) {
            policy.keep(RollupTier.MINUTE, age("--keep-rollups-1m", keepMinuteRollups));
        }
        if (keepHourRollups != null) {
            policy.keep(RollupTier.HOUR, age("--keep-rollups-1h", keepHourRollups));
        }
        return policy.build();
    }

    /** The tier as the options and the report name it: 1m, 1h. */
    private static String tierName(RollupTier tier) {
        return switch (tier) {
            case MINUTE -> "1m";
            case HOUR -> "1h";
        };
    }

    private DataKind kind(String name) {
        String normalised = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return DataKind.valueOf(normalised);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "'" + name + "' is not a kind of data: use audit,"
                    + " metrics, events, heartbeats, alerts or http_requests");
        }
    }

    private Duration age(String kind, String text) {
        try {
            return new DurationConverter().convert(text);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "the age of " + kind + ": " + e.getMessage());
        }
    }

    /** The sizes of the database file and its log. */
    private record Sizes(long file, long wal) {

        static Sizes of(Path file) {
            return new Sizes(size(file), size(file.resolveSibling(file.getFileName() + "-wal")));
        }

        long total() {
            return file + wal;
        }

        private static long size(Path path) {
            try {
                return Files.size(path);
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
