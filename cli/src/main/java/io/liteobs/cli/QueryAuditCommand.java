package io.liteobs.cli;

import io.liteobs.AuditEntry;
import io.liteobs.AuditOrder;
import io.liteobs.AuditQuery;
import io.liteobs.SortDirection;
import io.liteobs.spi.StoreReader;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liteobs query audit}: audit entries, as {@link AuditQuery} selects them. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Audit entries, newest first unless told otherwise.",
        footer = {"", "Examples:", "  liteobs query audit -f obs.db --status error --since 2h",
            "  liteobs query audit -f obs.db --order-by duration --limit 10 --json"})
final class QueryAuditCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Mixin
    private AuditFilters filters = new AuditFilters();

    @Option(names = "--order-by", paramLabel = "TIME|DURATION", defaultValue = "TIME",
            description = "What the entries are ordered by (default: ${DEFAULT-VALUE}); entries without a duration"
                    + " come last.")
    private AuditOrder orderBy = AuditOrder.TIME;

    @Option(names = "--asc", description = "Smallest (oldest) first, instead of largest (newest) first.")
    private boolean ascending;

    @Mixin
    private TimeRangeOptions range = new TimeRangeOptions();

    @Mixin
    private PageOptions page = new PageOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        AuditQuery query = filters.builder()
                .orderBy(orderBy).direction(ascending ? SortDirection.ASC : SortDirection.DESC)
                .range(range.range(LiteObsCommand.of(spec).clock().instant()))
                .limit(page.page().limit()).offset(page.page().offset())
                .build();
        List<AuditEntry> entries;
        try (StoreReader reader = file.openForReading()) {
            entries = reader.findAudit(query);
        }
        try (Output out = output.open(spec.commandLine().getOut(), false)) {
            out.section("audit", Rows.AUDIT);
            entries.forEach(entry -> Rows.audit(out, entry));
        }
        return ExitCode.OK;
    }
}
