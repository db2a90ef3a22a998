package io.liteobs.spring;

import io.liteobs.LiteObs;
import io.liteobs.http.LiteObsHttpHandler;
import io.liteobs.runtime.LiteObsRuntime;
import jakarta.servlet.Servlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * LiteObs's HTTP handlers (the dashboard, the JSON API, {@code /metrics}, the probes) on Actuator's management
 * server, at {@code liteobs.http-server.path} under its base path: on the application's port when the management
 * server shares it, and only on {@code management.server.port} when that differs, since Boot then builds this
 * configuration into the management server's own context. Requests pass through the application's Spring Security
 * filter chain as Actuator's endpoints do.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({LiteObsHttpHandler.class, Servlet.class})
@ConditionalOnProperty(name = "liteobs.http-server.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LiteObsHttpServerProperties.class)
public class LiteObsManagementContextConfiguration {

    /** The bean name of the servlet's registration, for an application that registers its own in its place. */
    public static final String SERVLET_REGISTRATION = "liteObsHttpServlet";

    @Bean
    @ConditionalOnMissingBean
    LiteObsHttpHandler liteObsHttpHandler(LiteObs obs, ObjectProvider<LiteObsRuntime> runtime) {
        LiteObsHttpHandler.Builder handler = LiteObsHttpHandler.builder(obs);
        runtime.ifAvailable(handler::runtime);
        return handler.build();
    }

    @Bean(SERVLET_REGISTRATION)
    @ConditionalOnMissingBean(name = SERVLET_REGISTRATION)
    ServletRegistrationBean<Servlet> liteObsHttpServlet(LiteObsHttpHandler handler,
            LiteObsHttpServerProperties properties) {
        String path = properties.getPath();
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
            throw new IllegalStateException("liteobs.http-server.path=" + path + ": write a path that starts with /"
                    + " and does not end with one, such as " + LiteObsHttpServerProperties.DEFAULT_PATH);
        }
        ServletRegistrationBean<Servlet> registration =
                new ServletRegistrationBean<>(new LiteObsHttpServlet(handler), path + "/*");
        registration.setName(SERVLET_REGISTRATION);
        return registration;
    }
}
