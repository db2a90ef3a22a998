/**
 * Host metrics from /proc and /sys on Linux: {@link io.liteobs.runtime.host.HostMetricsCollector} reads CPU, load,
 * memory, swap, disks, network, OOM kills and the busiest processes, on demand or on a schedule, into
 * {@link io.liteobs.runtime.host.HostSnapshot} values, and records them as series. The parsing of /proc files
 * stays package-private.
 */
@NullMarked
package io.liteobs.runtime.host;

import org.jspecify.annotations.NullMarked;
