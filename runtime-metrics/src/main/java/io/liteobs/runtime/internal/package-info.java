/**
 * Implementation details of the runtime-metrics module: the /proc and /sys readers and parsers, and the formatting
 * of values for people.
 *
 * <p>Internal to LiteObs runtime-metrics: nothing here is public API, it may change in any release, and no other
 * module may use it (the build checks this).
 */
package io.liteobs.runtime.internal;
