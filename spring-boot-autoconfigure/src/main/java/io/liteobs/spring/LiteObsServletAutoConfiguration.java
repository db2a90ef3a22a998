package io.liteobs.spring;

import io.liteobs.LiteObs;
import io.liteobs.instrumentation.servlet.LiteObsServletFilter;
import io.liteobs.instrumentation.servlet.RouteResolver;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Every request of a servlet application in the LiteObs HTTP request log, through {@link LiteObsServletFilter},
 * with Spring MVC's best-matching pattern ({@code /orders/{id}}) as route template when Spring MVC routed it, and,
 * with Spring Security, the user it authenticated.
 */
@AutoConfiguration(after = LiteObsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({LiteObsServletFilter.class, Filter.class})
@ConditionalOnBean(LiteObs.class)
@ConditionalOnProperty(name = "liteobs.http.enabled", matchIfMissing = true)
public class LiteObsServletAutoConfiguration {

    /**
     * Before every other filter but the character encoding one, Spring Security's included: a request Security
     * refuses is recorded with its 401 or 403, and the time taken covers the whole chain.
     */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    /** Where Spring Security keeps the security context of a request, when it is on the class path. */
    private static final String SECURITY_CONTEXT_REPOSITORY =
            "org.springframework.security.web.context.RequestAttributeSecurityContextRepository";

    @Bean
    @ConditionalOnMissingBean(name = "liteObsServletFilter")
    FilterRegistrationBean<Filter> liteObsServletFilter(LiteObs obs, ResourceLoader resources) {
        ClassLoader classLoader = resources.getClassLoader();
        LiteObsServletFilter.Builder builder = LiteObsServletFilter.builder(obs.http());
        if (ClassUtils.isPresent("org.springframework.web.servlet.HandlerMapping", classLoader)) {
            // read only here, where Spring MVC is present: the constant loads its class
            builder.routes(RouteResolver.requestAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        }
        LiteObsServletFilter recording = builder.build();
        Filter filter = ClassUtils.isPresent(SECURITY_CONTEXT_REPOSITORY, classLoader)
                ? new SecurityUserFilter(recording) : recording;
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(FILTER_ORDER);
        // asynchronous requests are recorded when they complete; the filter lets later dispatches through
        registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        registration.setAsyncSupported(true);
        return registration;
    }
}
