package io.liteobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.liteobs.HeartbeatWriter;
import io.liteobs.HttpInclude;
import io.liteobs.LiteObs;
import io.liteobs.StoreStatus;
import io.liteobs.instrumentation.servlet.LiteObsServletFilter;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.runtime.micrometer.LiteObsMeterRegistry;
import io.liteobs.sqlite.SqliteStore;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.web.exchanges.HttpExchangeRepository;
import org.springframework.boot.actuate.web.exchanges.InMemoryHttpExchangeRepository;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class LiteObsAutoConfigurationTest {

    private static final AutoConfigurations LITEOBS = AutoConfigurations.of(LiteObsAutoConfiguration.class,
            LiteObsActuatorAutoConfiguration.class, LiteObsServletAutoConfiguration.class);

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(LITEOBS)
                .withPropertyValues("liteobs.file=" + dir.resolve("obs.db"),
                        "management.endpoints.web.exposure.include=liteobs");
    }

    private WebApplicationContextRunner webRunner() {
        return new WebApplicationContextRunner()
                .withConfiguration(LITEOBS)
                .withPropertyValues("liteobs.file=" + dir.resolve("obs.db"));
    }

    @Test
    void configuresEveryPartOverTheFileOfTheProperty() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(LiteObs.class)
                    .hasSingleBean(LiteObsRuntime.class)
                    .hasSingleBean(LiteObsMeterRegistry.class)
                    .hasSingleBean(HeartbeatWriter.class)
                    .hasSingleBean(LiteObsAuditEventRepository.class)
                    .hasSingleBean(LiteObsHttpExchangeRepository.class)
                    .hasSingleBean(LiteObsHealthIndicator.class)
                    .hasSingleBean(LiteObsEndpoint.class);
            assertThat(((SqliteStore) context.getBean(LiteObs.class).store()).file())
                    .isEqualTo(dir.resolve("obs.db"));
            assertThat(context.getBean(HeartbeatWriter.class).isRunning()).isTrue();
            assertThat(context.getBean(HeartbeatWriter.class).workerId())
                    .isEqualTo(LiteObsAutoConfiguration.DEFAULT_WORKER_ID);
        });
        assertThat(dir.resolve("obs.db")).exists();
    }

    @Test
    void closesLiteObsWithTheContext() {
        AtomicReference<LiteObs> obs = new AtomicReference<>();
        runner().run(context -> obs.set(context.getBean(LiteObs.class)));
        assertThat(obs.get().storeStatus().state()).isEqualTo(StoreStatus.State.CLOSED);
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnBeans() {
        runner().withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasSingleBean(LiteObs.class)
                    .hasSingleBean(AuditEventRepository.class)
                    .hasSingleBean(HttpExchangeRepository.class)
                    .doesNotHaveBean(LiteObsAuditEventRepository.class)
                    .doesNotHaveBean(LiteObsHttpExchangeRepository.class);
            assertThat(context.getBean(LiteObs.class)).isSameAs(context.getBean("ownLiteObs"));
            assertThat(((SqliteStore) context.getBean(LiteObs.class).store()).file())
                    .isEqualTo(dir.resolve("own.db"));
        });
        assertThat(dir.resolve("obs.db")).doesNotExist();
    }

    @Test
    void withoutActuatorConfiguresLiteObsAlone() {
        runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate")).run(context -> {
            assertThat(context).hasSingleBean(LiteObs.class)
                    .hasSingleBean(LiteObsMeterRegistry.class)
                    .doesNotHaveBean(LiteObsAuditEventRepository.class)
                    .doesNotHaveBean(LiteObsHttpExchangeRepository.class)
                    .doesNotHaveBean(LiteObsHealthIndicator.class)
                    .doesNotHaveBean(LiteObsEndpoint.class);
            assertThat(context.getBean(LiteObs.class).http().options().include()).isEmpty();
        });
    }

    @Test
    void withoutSpringSecurityStillKeepsAuditEvents() {
        runner().withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> assertThat(context).hasSingleBean(LiteObsAuditEventRepository.class));
    }

    @Test
    void withoutMicrometerHasNoRegistryNorRuntime() {
        runner().withClassLoader(new FilteredClassLoader("io.micrometer.core")).run(context ->
                assertThat(context).hasSingleBean(LiteObs.class)
                        .doesNotHaveBean(LiteObsRuntime.class)
                        .doesNotHaveBean(LiteObsMeterRegistry.class));
    }

    @Test
    void bindsTheJvmBindersOnlyWhenTheApplicationHasNone() {
        runner().run(context -> assertThat(context.getBean(LiteObsMeterRegistry.class)
                .find("jvm.classes.loaded").meter()).isNotNull());
        runner().withBean(JvmGcMetrics.class, JvmGcMetrics::new).run(context ->
                assertThat(context.getBean(LiteObsMeterRegistry.class).find("jvm.classes.loaded").meter())
                        .as("the application binds its own; binding again would count GC pauses twice").isNull());
    }

    @Test
    void propertiesTurnPartsOff() {
        runner().withPropertyValues("liteobs.runtime.enabled=false", "liteobs.heartbeat.enabled=false",
                        "liteobs.actuator.audit-events=false", "liteobs.actuator.http-exchanges=false",
                        "management.health.liteobs.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(LiteObs.class)
                        .doesNotHaveBean(LiteObsRuntime.class)
                        .doesNotHaveBean(HeartbeatWriter.class)
                        .doesNotHaveBean(AuditEventRepository.class)
                        .doesNotHaveBean(HttpExchangeRepository.class)
                        .doesNotHaveBean(LiteObsHealthIndicator.class));
    }

    @Test
    void recordsServletRequestsThroughTheFilterUnlessTurnedOff() {
        webRunner().run(context -> assertThat(context.getBean("liteObsServletFilter"))
                .isInstanceOfSatisfying(FilterRegistrationBean.class, registration -> assertThat(registration.getFilter())
                        .isInstanceOf(SecurityUserFilter.class)));
        webRunner().withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> assertThat(context.getBean("liteObsServletFilter"))
                        .isInstanceOfSatisfying(FilterRegistrationBean.class, registration ->
                                assertThat(registration.getFilter()).isInstanceOf(LiteObsServletFilter.class)));
        webRunner().withPropertyValues("liteobs.http.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("liteObsServletFilter"));
        webRunner().withClassLoader(new FilteredClassLoader(LiteObsServletFilter.class))
                .run(context -> assertThat(context).hasSingleBean(LiteObs.class)
                        .doesNotHaveBean("liteObsServletFilter"));
        runner().run(context -> assertThat(context).doesNotHaveBean("liteObsServletFilter"));
        webRunner().withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
                .run(context -> assertThat(context).hasBean("liteObsServletFilter"));
    }

    @Test
    void bindsQueueRetentionRedactionAndHeartbeatProperties() {
        runner().withPropertyValues("liteobs.audit.capacity=128", "liteobs.audit.overflow=drop",
                        "liteobs.http.max-routes=42", "liteobs.http.include=user,query",
                        "liteobs.retention.max-age.http-requests=7d", "liteobs.retention.every=10m",
                        "liteobs.redaction.keys=ssn", "liteobs.heartbeat.worker-id=orders-1",
                        "spring.application.name=orders")
                .run(context -> {
                    LiteObs obs = context.getBean(LiteObs.class);
                    assertThat(obs.http().options().maxRoutes()).isEqualTo(42);
                    assertThat(obs.http().options().include()).containsExactlyInAnyOrder(HttpInclude.USER,
                            HttpInclude.QUERY);
                    assertThat(context.getBean(HeartbeatWriter.class).workerId()).isEqualTo("orders-1");
                    LiteObsProperties properties = context.getBean(LiteObsProperties.class);
                    assertThat(properties.getAudit().getCapacity()).isEqualTo(128);
                    assertThat(properties.getRetention().getMaxAge())
                            .containsEntry(io.liteobs.DataKind.HTTP_REQUESTS, java.time.Duration.ofDays(7));
                });
    }

    @Test
    void takesTheHttpIncludesFromActuatorsExchangeSettingsWhenLiteObsHasNone() {
        runner().withPropertyValues("management.httpexchanges.recording.include=principal,remote-address")
                .run(context -> assertThat(context.getBean(LiteObs.class).http().options().include())
                        .containsExactlyInAnyOrder(HttpInclude.USER, HttpInclude.CLIENT_ADDRESS));
        runner().run(context -> assertThat(context.getBean(LiteObs.class).http().options().include())
                .containsExactly(HttpInclude.USER_AGENT));
    }

    @Test
    void heartbeatTakesTheApplicationNameAsWorkerId() {
        runner().withPropertyValues("spring.application.name=orders").run(context ->
                assertThat(context.getBean(HeartbeatWriter.class).workerId()).isEqualTo("orders"));
    }

    @Test
    void refusesAValueOfTheWrongTypeNamingTheProperty() {
        runner().withPropertyValues("liteobs.audit.overflow=sometimes").run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasRootCauseInstanceOf(IllegalArgumentException.class)
                        .satisfies(failure -> assertThat(bindFailure(failure).getName().toString())
                                .isEqualTo("liteobs.audit.overflow")));
    }

    @Test
    void refusesAValueOutOfRangeNamingTheSetting() {
        runner().withPropertyValues("liteobs.http.max-routes=0").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("maxRoutes"));
        runner().withPropertyValues("liteobs.audit.capacity=1").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("queueCapacity"));
    }

    @Test
    void refusesAFileItCannotCreate() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        runner().withPropertyValues("liteobs.file=" + notAFolder.resolve("obs.db")).run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("plain-file"));
    }

    private static BindException bindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        throw new AssertionError("no BindException in " + failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {

        @Bean(destroyMethod = "close")
        LiteObs ownLiteObs(@org.springframework.beans.factory.annotation.Value("${liteobs.file}") Path file) {
            return LiteObs.builder(SqliteStore.open(file.resolveSibling("own.db"))).build();
        }

        @Bean
        InMemoryAuditEventRepository ownAuditEvents() {
            return new InMemoryAuditEventRepository();
        }

        @Bean
        InMemoryHttpExchangeRepository ownHttpExchanges() {
            return new InMemoryHttpExchangeRepository();
        }
    }
}
