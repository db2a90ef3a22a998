package io.liteobs.sqlite.violations;

import io.liteobs.runtime.internal.violations.RuntimeInternal;

/** A store that uses runtime-metrics' internals: the boundary checks must refuse it. */
public final class StoreThatUsesRuntimeInternals {

    RuntimeInternal internal;
}
