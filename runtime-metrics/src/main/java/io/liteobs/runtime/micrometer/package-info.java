/**
 * Micrometer for LiteObs: {@link io.liteobs.runtime.micrometer.LiteObsMeterRegistry} stores every meter of a
 * service in the LiteObs file, {@link io.liteobs.runtime.micrometer.JvmMetrics} binds Micrometer's JVM and process
 * binders in one call and takes {@link io.liteobs.runtime.micrometer.JvmSnapshot}s, and
 * {@link io.liteobs.runtime.micrometer.LiteObsMetrics} exports the recorders' own counters as meters.
 */
@NullMarked
package io.liteobs.runtime.micrometer;

import org.jspecify.annotations.NullMarked;
