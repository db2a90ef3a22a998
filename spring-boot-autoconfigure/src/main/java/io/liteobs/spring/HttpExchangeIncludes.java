package io.liteobs.spring;

import io.liteobs.HttpInclude;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.actuate.web.exchanges.Include;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Actuator's {@code management.httpexchanges.recording.include} as LiteObs's {@link HttpInclude}s, so that one
 * setting says what both store. Loaded only when Actuator is present.
 */
final class HttpExchangeIncludes {

    /** The class whose presence says that Actuator's exchange settings apply. */
    static final String ACTUATOR_INCLUDE = "org.springframework.boot.actuate.web.exchanges.Include";

    static final String PROPERTY = "management.httpexchanges.recording.include";

    private HttpExchangeIncludes() {
    }

    /** The includes Actuator is configured with, Boot's defaults when unset. */
    static Set<HttpInclude> fromActuator(Environment environment) {
        return map(Binder.get(environment).bind(PROPERTY, Bindable.setOf(Include.class))
                .orElseGet(Include::defaultIncludes));
    }

    /**
     * Each Boot include that has a LiteObs counterpart: the principal, the remote address, and of the request
     * headers only {@code User-Agent}. Response headers, cookies, the authorization header and the session id have
     * none: LiteObs never stores them. The time taken is always stored.
     */
    static Set<HttpInclude> map(Set<Include> includes) {
        Set<HttpInclude> mapped = EnumSet.noneOf(HttpInclude.class);
        for (Include include : includes) {
            switch (include) {
                case PRINCIPAL -> mapped.add(HttpInclude.USER);
                case REMOTE_ADDRESS -> mapped.add(HttpInclude.CLIENT_ADDRESS);
                case REQUEST_HEADERS -> mapped.add(HttpInclude.USER_AGENT);
                default -> {
                    // no counterpart
                }
            }
        }
        return mapped;
    }
}
