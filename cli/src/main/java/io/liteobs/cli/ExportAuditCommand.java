package io.liteobs.cli;

import io.liteobs.AuditOrder;
import io.liteobs.Page;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.spi.StoreReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code liteobs export audit}: every audit entry in range, oldest first, as NDJSON or CSV. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Audit entries in the range that match the filters (those of query audit),"
                + " oldest first, as NDJSON (one JSON object per line) or CSV.",
        footer = {"", "Examples:", "  liteobs export audit -f obs.db --since 30d -o audit.ndjson",
            "  liteobs export audit -f obs.db --csv > audit.csv"})
final class ExportAuditCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Mixin
    private AuditFilters filters = new AuditFilters();

    @Mixin
    private TimeRangeOptions range = new TimeRangeOptions();

    @Mixin
    private RowFormat format = new RowFormat();

    @Mixin
    private ExportTarget target = new ExportTarget();

    @Override
    public Integer call() {
        TimeRange selected = range.range(LiteObsCommand.of(spec).clock().instant());
        try (StoreReader reader = file.openForReading()) {
            target.write(writer -> {
                try (Output out = format.open(writer)) {
                    out.section("audit", Rows.AUDIT);
                    Pages.forEach(offset -> reader.findAudit(filters.builder().range(selected)
                            .orderBy(AuditOrder.TIME).direction(SortDirection.ASC)
                            .limit(Page.MAX_LIMIT).offset(offset).build()),
                            entry -> Rows.audit(out, entry));
                }
            });
        }
        return ExitCode.OK;
    }
}
