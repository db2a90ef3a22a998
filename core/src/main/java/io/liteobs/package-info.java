/**
 * The LiteObs API: {@link io.liteobs.LiteObs} and its recorders (audit entries, metrics, business events,
 * heartbeats), the values they record and the queries that read them back.
 */
@NullMarked
package io.liteobs;

import org.jspecify.annotations.NullMarked;
