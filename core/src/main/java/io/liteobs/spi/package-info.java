/**
 * The store SPI: what a storage engine implements so that the recorders can write into it and query it.
 * {@link io.liteobs.memory.InMemoryStore} is the reference implementation, {@code io.liteobs.sqlite.SqliteStore} the
 * store for a service's data; both pass the compatibility kit, {@code io.liteobs.store.tck.StoreCompatibilityKit}.
 */
@NullMarked
package io.liteobs.spi;

import org.jspecify.annotations.NullMarked;
