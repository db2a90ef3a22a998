package io.liteobs.spring;

import io.liteobs.LiteObs;
import io.liteobs.runtime.LiteObsRuntime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.web.exchanges.HttpExchangeRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With Actuator: audit events and HTTP exchanges kept in the LiteObs file, the {@code liteObs} health indicator and
 * the {@code liteobs} endpoint. Runs before Boot's audit and exchange configurations, which apply only when a
 * repository bean exists.
 */
@AutoConfiguration(after = LiteObsAutoConfiguration.class, beforeName = {
        "org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.audit.AuditEventsEndpointAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.web.exchanges.HttpExchangesAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.web.exchanges.HttpExchangesEndpointAutoConfiguration"})
@ConditionalOnClass({HealthIndicator.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(LiteObs.class)
public class LiteObsActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AuditEventRepository.class)
    @ConditionalOnProperty(name = "liteobs.actuator.audit-events", matchIfMissing = true)
    LiteObsAuditEventRepository liteObsAuditEventRepository(LiteObs obs) {
        return new LiteObsAuditEventRepository(obs.audit());
    }

    @Bean
    @ConditionalOnMissingBean(HttpExchangeRepository.class)
    @ConditionalOnProperty(name = "liteobs.actuator.http-exchanges", matchIfMissing = true)
    LiteObsHttpExchangeRepository liteObsHttpExchangeRepository(LiteObs obs) {
        return new LiteObsHttpExchangeRepository(obs.http());
    }

    @Bean
    @ConditionalOnMissingBean(name = "liteObsHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("liteobs")
    LiteObsHealthIndicator liteObsHealthIndicator(LiteObs obs, ObjectProvider<LiteObsRuntime> runtime) {
        return new LiteObsHealthIndicator(obs, runtime.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    LiteObsEndpoint liteObsEndpoint(LiteObs obs, ObjectProvider<LiteObsRuntime> runtime) {
        return new LiteObsEndpoint(obs, runtime.getIfAvailable());
    }
}
