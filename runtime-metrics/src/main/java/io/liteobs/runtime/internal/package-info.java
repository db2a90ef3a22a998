/**
 * Implementation details of the runtime-metrics module: the /proc and /sys readers and parsers, and the formatting
 * of values for people. Nothing here is public API; it can change in any release.
 */
package io.liteobs.runtime.internal;
