/**
 * {@code liteobs}, the operator's command line: liveness checks for cron and Kubernetes probes, retention cleanup,
 * queries, statistics and export over a LiteObs file, whether its service is running or stopped. Every command that
 * only reads opens the file through {@link io.liteobs.sqlite.SqliteReader}, which never changes it. An application,
 * not a library: nothing here is an API; {@link io.liteobs.cli.Main} is the entry point.
 */
@NullMarked
package io.liteobs.cli;

import org.jspecify.annotations.NullMarked;
