/**
 * The writer's machinery and core's own helpers: the bounded queues, the batch writer, drop alarms, the cardinality
 * guard, input normalisation and argument checks.
 *
 * <p>Internal to LiteObs core: nothing here is public API, it may change in any release, and no other module may
 * use it (the build checks this). Helpers that other LiteObs modules share live in
 * {@code io.liteobs.common.internal}.
 */
@NullMarked
package io.liteobs.internal;

import org.jspecify.annotations.NullMarked;
