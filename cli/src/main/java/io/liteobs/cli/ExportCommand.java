package io.liteobs.cli;

import picocli.CommandLine.Command;

/**
 * {@code liteobs export}: a kind of data in a format other tools import; a kind added to the store (HTTP requests)
 * adds a subcommand here.
 */
@Command(name = "export", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Writes stored data for other tools: metrics as OpenMetrics text for Prometheus, audit entries"
                + " and events as NDJSON or CSV.",
        subcommands = {ExportMetricsCommand.class, ExportAuditCommand.class, ExportEventsCommand.class})
final class ExportCommand {
}
