package io.liteobs.spring.violations;

import io.liteobs.runtime.internal.violations.RuntimeInternal;

/** Spring Boot code that reaches into another module's internals: the boundary checks must refuse it. */
public final class StarterThatUsesRuntimeInternals {

    RuntimeInternal internal;
}
