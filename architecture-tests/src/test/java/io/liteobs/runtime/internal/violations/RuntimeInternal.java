package io.liteobs.runtime.internal.violations;

/** Stands for an internal class of runtime-metrics, which no other module may use. */
public final class RuntimeInternal {
}
