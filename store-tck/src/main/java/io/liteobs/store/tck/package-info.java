/**
 * The store compatibility kit: {@link io.liteobs.store.tck.StoreCompatibilityKit}, the JUnit 5 tests that every
 * implementation of {@link io.liteobs.spi.ObservabilityStore} passes.
 */
@NullMarked
package io.liteobs.store.tck;

import org.jspecify.annotations.NullMarked;
