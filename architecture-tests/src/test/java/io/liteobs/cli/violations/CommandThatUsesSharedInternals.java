package io.liteobs.cli.violations;

import io.liteobs.common.internal.DaemonThreads;

/**
 * User-facing code (of the coming command line, which has no module yet) that uses the internals LiteObs's modules
 * share: the boundary checks must refuse it.
 */
public final class CommandThatUsesSharedInternals {

    DaemonThreads threads;
}
