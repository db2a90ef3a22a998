/**
 * JVM and host metrics for LiteObs, and what they say about health.
 *
 * <ul>
 *   <li>{@link io.liteobs.runtime.LiteObsMeterRegistry}: a Micrometer step registry that records every meter
 *       through {@link io.liteobs.MetricsManager}, so that any Micrometer meter lands in the LiteObs file;</li>
 *   <li>{@link io.liteobs.runtime.JvmMetrics}: Micrometer's JVM and process binders in one call;</li>
 *   <li>{@link io.liteobs.runtime.HostMetricsCollector}: CPU, load, memory, swap, disks, network, OOM kills and
 *       the busiest processes from /proc and /sys on Linux, as {@link io.liteobs.runtime.HostSnapshot} values and
 *       recorded series;</li>
 *   <li>{@link io.liteobs.runtime.HealthScorer} and {@link io.liteobs.runtime.Explainer}: a health score from 0 to
 *       100 that names the bottlenecks, and explanations with recommendations from an extensible rule list;</li>
 *   <li>{@link io.liteobs.runtime.LiteObsRuntime}: all of it in one line;</li>
 *   <li>{@link io.liteobs.runtime.LiteObsMetrics}: the recorders' own counters as meters.</li>
 * </ul>
 */
package io.liteobs.runtime;
