package io.liteobs.spring.violations;

import io.liteobs.common.internal.RequestCorrelation;

/** A request filter of the Spring Boot module that correlates requests as the other filters do: allowed. */
public final class FilterThatUsesSharedInternals {

    String requestId(String sent) {
        return RequestCorrelation.requestId(sent);
    }
}
