package io.liteobs.cli;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.spi.StoreReader;
import io.liteobs.sqlite.SqliteFileInspector;
import io.liteobs.sqlite.SqliteReader;
import io.liteobs.sqlite.SystemAlertQuery;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liteobs query alerts}: the rows of {@code system_alerts}, which the library raises about itself. */
@Command(name = "alerts", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Alerts stored in the file (system_alerts): what the library raised about itself, such as"
                + " dropped audit entries. Newest first unless told otherwise.",
        footer = {"", "Examples:", "  liteobs query alerts -f obs.db --severity critical --since 7d",
            "  liteobs query alerts -f obs.db --open --json"})
final class QueryAlertsCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Option(names = "--severity", description = "Only this severity: warning or critical.")
    private @Nullable String severity;

    @Option(names = "--source", description = "Only this source, such as liteobs.audit.")
    private @Nullable String source;

    @Option(names = "--open", description = "Only alerts not resolved yet.")
    private boolean openOnly;

    @Option(names = "--asc", description = "Oldest first, instead of newest first.")
    private boolean ascending;

    @Mixin
    private TimeRangeOptions range = new TimeRangeOptions();

    @Mixin
    private PageOptions page = new PageOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        TimeRange selected = range.range(LiteObsCommand.of(spec).clock().instant());
        SortDirection direction = ascending ? SortDirection.ASC : SortDirection.DESC;
        if (ascending && file.postgres()) {
            throw new UserError("--asc is not available over PostgreSQL: the store's alert query returns the newest"
                    + " first; leave --asc out", ExitCode.USAGE);
        }
        try (StoreReader reader = file.openForReading();
             Output out = output.open(spec.commandLine().getOut(), false)) {
            out.section("alerts", Rows.ALERTS);
            if (reader instanceof SqliteReader sqlite) {
                SqliteFileInspector.of(sqlite).alerts(new SystemAlertQuery(selected, severity, source, openOnly,
                        direction, page.page())).forEach(alert -> Rows.alert(out, alert));
            } else {
                storedAlerts(reader, selected).forEach(alert -> Rows.alert(out, alert));
            }
        }
        return ExitCode.OK;
    }

    /** Through the store's alert query, which a PostgreSQL database answers too: newest first only. */
    private List<AlertRecord> storedAlerts(StoreReader reader, TimeRange selected) {
        AlertQuery.Builder query = AlertQuery.builder().range(selected).severity(severity).source(source)
                .limit(page.page().limit()).offset(page.page().offset());
        if (openOnly) {
            query.openOnly();
        }
        return reader.findAlerts(query.build());
    }
}
