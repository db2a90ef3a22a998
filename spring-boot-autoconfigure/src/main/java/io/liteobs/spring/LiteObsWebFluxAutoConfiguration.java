package io.liteobs.spring;

import io.liteobs.LiteObs;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.reactive.HandlerMapping;

/**
 * Every request of a reactive (WebFlux) application in the LiteObs HTTP request log, through
 * {@link LiteObsWebFilter}, with WebFlux's best-matching pattern as the route and, with Spring Security, the user it
 * authenticated.
 */
@AutoConfiguration(after = LiteObsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(HandlerMapping.class)
@ConditionalOnBean(LiteObs.class)
@ConditionalOnProperty(name = "liteobs.http.enabled", matchIfMissing = true)
public class LiteObsWebFluxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LiteObsWebFilter liteObsWebFilter(LiteObs obs) {
        return new LiteObsWebFilter(obs.http());
    }

    /** The user, from Spring Security's reactive security context. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveSecurityContextHolder.class)
    static class SecurityUserConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SecurityUserWebFilter liteObsSecurityUserWebFilter() {
            return new SecurityUserWebFilter();
        }
    }
}
