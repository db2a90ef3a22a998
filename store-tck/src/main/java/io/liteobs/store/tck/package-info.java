/**
 * The store compatibility kit: {@link io.liteobs.store.tck.StoreCompatibilityKit}, the JUnit 5 tests that every
 * implementation of {@link io.liteobs.spi.ObservabilityStore} passes.
 */
package io.liteobs.store.tck;
