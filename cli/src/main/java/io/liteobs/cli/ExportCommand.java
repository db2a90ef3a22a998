package io.liteobs.cli;

import picocli.CommandLine.Command;

/**
 * {@code liteobs export}: a kind of data in a format other tools import.
 */
@Command(name = "export", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Writes stored data for other tools: metrics as OpenMetrics text for Prometheus, audit entries"
                + ", events and HTTP requests as NDJSON or CSV.",
        subcommands = {ExportMetricsCommand.class, ExportAuditCommand.class, ExportEventsCommand.class,
            ExportHttpCommand.class})
final class ExportCommand {
}
