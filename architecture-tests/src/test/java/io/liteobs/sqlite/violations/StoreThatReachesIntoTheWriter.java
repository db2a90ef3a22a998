package io.liteobs.sqlite.violations;

import io.liteobs.internal.BatchWriter;

/** A store that reaches into core's writer: the boundary checks must refuse it. */
public final class StoreThatReachesIntoTheWriter {

    BatchWriter writer;
}
