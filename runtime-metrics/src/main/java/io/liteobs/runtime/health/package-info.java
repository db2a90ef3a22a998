/**
 * The health score and explain mode over host and JVM snapshots: {@link io.liteobs.runtime.health.HealthScorer}
 * scores health from 0 to 100 and names the bottlenecks; {@link io.liteobs.runtime.health.Explainer} shows the
 * figures behind one {@link io.liteobs.runtime.health.Resource} and what its advisors recommend.
 */
@NullMarked
package io.liteobs.runtime.health;

import org.jspecify.annotations.NullMarked;
