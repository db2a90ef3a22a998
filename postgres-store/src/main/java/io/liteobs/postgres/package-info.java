/**
 * The PostgreSQL store of LiteObs, for a fleet: {@link io.liteobs.postgres.PostgresStore} keeps the audit entries,
 * metrics, business events, heartbeats and alerts of many services and instances in one PostgreSQL database, in the
 * tables of the SQLite store plus {@code _observability_sources}, which says which service and instance wrote each
 * row; {@link io.liteobs.postgres.PostgresReader} reads such a database without ever changing it. Both open from a
 * JDBC URL through {@link io.liteobs.postgres.PostgresOptions}.
 *
 * <p>The schema version is kept in {@code _observability_metadata} and migrated forward when a store opens, once
 * for all the processes opening the database at that moment (an advisory lock orders them). Everything in this
 * package other than the public types is an implementation detail.
 */
@NullMarked
package io.liteobs.postgres;

import org.jspecify.annotations.NullMarked;
