/**
 * The store SPI: what a storage engine implements so that the recorders can write into it and query it.
 * {@code io.liteobs.sqlite.SqliteStore} is the reference implementation.
 */
package io.liteobs.spi;
