/**
 * Micrometer integration for LiteObs: {@link io.liteobs.runtime.LiteObsMetrics} exposes the recorders' own
 * counters as meters, so drops and failures show up wherever the service's metrics already go.
 */
package io.liteobs.runtime;
