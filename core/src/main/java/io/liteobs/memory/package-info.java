/**
 * A store that keeps everything in memory: the reference implementation of the store SPI, and a store for unit
 * tests of code that records through LiteObs.
 */
@NullMarked
package io.liteobs.memory;

import org.jspecify.annotations.NullMarked;
