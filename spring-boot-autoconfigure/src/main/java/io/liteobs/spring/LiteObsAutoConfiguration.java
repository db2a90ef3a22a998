package io.liteobs.spring;

import io.liteobs.HeartbeatWriter;
import io.liteobs.HttpInclude;
import io.liteobs.HttpLoggingOptions;
import io.liteobs.LiteObs;
import io.liteobs.RecorderOptions;
import io.liteobs.RedactionPolicy;
import io.liteobs.RetentionPolicy;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.runtime.micrometer.LiteObsMeterRegistry;
import io.liteobs.sqlite.SqliteStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * A {@link LiteObs} over the SQLite file of {@code liteobs.file}, closed with the context; the application's
 * heartbeat; and, with Micrometer, a {@link LiteObsMeterRegistry}, a {@link MeterRegistry} bean that Boot adds to
 * its composite registry so that every meter is stored, with a {@link LiteObsRuntime} over it for host metrics, the
 * health score and, unless the application binds its own, the JVM binders.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({LiteObs.class, SqliteStore.class})
@EnableConfigurationProperties(LiteObsProperties.class)
public class LiteObsAutoConfiguration {

    /** The worker id of the heartbeat when neither liteobs.heartbeat.worker-id nor spring.application.name is set. */
    static final String DEFAULT_WORKER_ID = "application";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    LiteObs liteObs(LiteObsProperties properties, Environment environment, ResourceLoader resources) {
        // the settings that can be are checked before the file is opened; the file is closed when building fails
        HttpLoggingOptions http = httpOptions(properties.getHttp(), environment, resources.getClassLoader());
        RedactionPolicy redaction = redaction(properties.getRedaction());
        RetentionPolicy retention = retention(properties.getRetention());
        SqliteStore store = SqliteStore.open(properties.getFile());
        try {
            LiteObs.Builder builder = LiteObs.builder(store)
                    .http(http)
                    .redaction(redaction)
                    .heartbeatInterval(properties.getHeartbeat().getInterval());
            queue(properties.getAudit(), RecorderOptions.AUDIT_DEFAULT, builder::audit);
            queue(properties.getMetrics(), RecorderOptions.METRICS_DEFAULT, builder::metrics);
            queue(properties.getEvents(), RecorderOptions.EVENTS_DEFAULT, builder::events);
            if (retention != null) {
                builder.retention(retention).retentionEvery(properties.getRetention().getEvery());
            }
            return builder.build();
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
    }

    /** The policy of the max ages set; null when none is, and everything is kept. */
    private static @Nullable RetentionPolicy retention(LiteObsProperties.Retention retention) {
        if (retention.getMaxAge().isEmpty()) {
            return null;
        }
        RetentionPolicy.Builder policy = RetentionPolicy.builder();
        retention.getMaxAge().forEach(policy::keep);
        return policy.build();
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "liteobs.heartbeat.enabled", matchIfMissing = true)
    HeartbeatWriter liteObsHeartbeat(LiteObs obs, LiteObsProperties properties, Environment environment) {
        LiteObsProperties.Heartbeat heartbeat = properties.getHeartbeat();
        String workerId = heartbeat.getWorkerId() != null ? heartbeat.getWorkerId()
                : environment.getProperty("spring.application.name", DEFAULT_WORKER_ID);
        return obs.heartbeat(workerId);
    }

    private static RedactionPolicy redaction(LiteObsProperties.Redaction redaction) {
        if (!redaction.isEnabled()) {
            return RedactionPolicy.none();
        }
        return RedactionPolicy.builder()
                .keys(redaction.getKeys().toArray(String[]::new))
                .cardNumbers(redaction.isCardNumbers())
                .emailAddresses(redaction.isEmailAddresses())
                .build();
    }

    private static HttpLoggingOptions httpOptions(LiteObsProperties.Http http, Environment environment,
            @Nullable ClassLoader classLoader) {
        HttpLoggingOptions.Builder options = HttpLoggingOptions.builder()
                .include(includes(http.getInclude(), environment, classLoader).toArray(HttpInclude[]::new));
        queue(http, RecorderOptions.HTTP_DEFAULT, options::queue);
        if (http.getMaxRoutes() != null) {
            options.maxRoutes(http.getMaxRoutes());
        }
        return options.build();
    }

    /** The includes set for LiteObs; else, with Actuator, those of Boot's own exchange recording; else none. */
    private static Set<HttpInclude> includes(@Nullable Set<HttpInclude> configured, Environment environment,
            @Nullable ClassLoader classLoader) {
        if (configured != null) {
            return configured;
        }
        if (ClassUtils.isPresent(HttpExchangeIncludes.ACTUATOR_INCLUDE, classLoader)) {
            return HttpExchangeIncludes.fromActuator(environment);
        }
        return EnumSet.noneOf(HttpInclude.class);
    }

    private static void queue(LiteObsProperties.Queue queue, RecorderOptions defaults,
            Consumer<RecorderOptions> target) {
        if (queue.getCapacity() == null && queue.getOverflow() == null) {
            return;
        }
        int capacity = queue.getCapacity() != null ? queue.getCapacity() : defaults.queueCapacity();
        target.accept(RecorderOptions.of(capacity,
                queue.getOverflow() != null ? queue.getOverflow() : defaults.overflowPolicy()));
    }

    /** JVM and host metrics, the health score, and the registry that stores every meter of the application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, LiteObsRuntime.class})
    @ConditionalOnProperty(name = "liteobs.runtime.enabled", matchIfMissing = true)
    static class RuntimeConfiguration {

        /**
         * A bean of its own, so that Boot applies its meter filters and customizers to it before anything registers
         * a meter; closed by the runtime, which publishes its last step.
         */
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean
        LiteObsMeterRegistry liteObsMeterRegistry(LiteObs obs, LiteObsProperties properties) {
            return LiteObsMeterRegistry.builder(obs.metrics()).step(properties.getRuntime().getStep()).build();
        }

        /**
         * Binds the JVM binders itself only when the application has none: Actuator binds its own beans of them to
         * every registry, and binding twice would count each GC pause twice.
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        LiteObsRuntime liteObsRuntime(LiteObs obs, LiteObsMeterRegistry registry,
                ObjectProvider<JvmGcMetrics> boundByTheApplication) {
            return LiteObsRuntime.builder(obs)
                    .registry(registry)
                    .bindJvm(boundByTheApplication.getIfAvailable() == null)
                    .build();
        }
    }
}
