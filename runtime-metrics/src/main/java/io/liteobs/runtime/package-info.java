/**
 * JVM and host metrics for LiteObs, and what they say about health: {@link io.liteobs.runtime.LiteObsRuntime}
 * starts all of it in one call. Each concern has a package of its own:
 *
 * <ul>
 *   <li>{@link io.liteobs.runtime.micrometer}: a Micrometer registry that stores every meter through
 *       {@link io.liteobs.MetricsManager}, Micrometer's JVM and process binders in one call, and the recorders' own
 *       counters as meters;</li>
 *   <li>{@link io.liteobs.runtime.host}: CPU, load, memory, swap, disks, network, OOM kills and the busiest
 *       processes from /proc and /sys on Linux, as snapshots and recorded series;</li>
 *   <li>{@link io.liteobs.runtime.health}: a health score from 0 to 100 that names the bottlenecks, and explain
 *       mode, whose advisors turn the figures into recommendations.</li>
 * </ul>
 *
 * <p>{@code host} and {@code micrometer} know nothing of each other; {@code health} reads their snapshots.
 */
@NullMarked
package io.liteobs.runtime;

import org.jspecify.annotations.NullMarked;
