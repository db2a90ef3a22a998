package io.liteobs.cli;

import picocli.CommandLine.Command;

/**
 * {@code liteobs query}: one subcommand per kind of data, each with the filters, ordering and paging of its Java
 * query; a kind added to the store adds a subcommand here.
 */
@Command(name = "query", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Reads stored data with the filters, ordering and paging of the Java queries.",
        subcommands = {QueryAuditCommand.class, QueryEventsCommand.class, QueryMetricsCommand.class,
            QueryHeartbeatsCommand.class, QueryAlertsCommand.class, QueryHttpCommand.class,
            QueryRoutesCommand.class})
final class QueryCommand {
}
