package io.liteobs.spring;

import io.liteobs.LiteObs;
import io.liteobs.alerting.AlertRule;
import io.liteobs.alerting.Alerting;
import io.liteobs.alerting.DefaultRules;
import io.liteobs.alerting.RuleFile;
import io.liteobs.alerting.RuleFileException;
import io.liteobs.alerting.Webhook;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;

/**
 * Alert rules evaluated over the LiteObs file, with {@code liteobs-alerting} on the class path: the default rule sets
 * switched on by {@code liteobs.alerting.defaults.<set>.enabled}, the rules of {@code liteobs.alerting.rules-file},
 * and the application's own {@link AlertRule} beans, in that order (a later rule replaces an earlier one of the same
 * id); notifications go to the webhooks of {@code liteobs.alerting.webhooks}. The {@link Alerting} bean starts its
 * rounds when it is created and is closed with the context, before the {@code LiteObs} it reads.
 */
@AutoConfiguration(after = LiteObsAutoConfiguration.class)
@ConditionalOnClass(Alerting.class)
@ConditionalOnBean(LiteObs.class)
@ConditionalOnProperty(name = "liteobs.alerting.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LiteObsAlertingProperties.class)
public class LiteObsAlertingAutoConfiguration {

    private static final String DEFAULTS = "liteobs.alerting.defaults.";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Alerting liteObsAlerting(LiteObs obs, LiteObsAlertingProperties properties, ObjectProvider<AlertRule> ruleBeans) {
        Alerting.Builder alerting = Alerting.builder(obs)
                .rules(defaultRules(properties.getDefaults()))
                .rules(ruleFile(properties.getRulesFile()))
                .rules(ruleBeans.orderedStream().toList());
        List<LiteObsAlertingProperties.WebhookTarget> webhooks = properties.getWebhooks();
        for (int i = 0; i < webhooks.size(); i++) {
            alerting.webhook(webhook("liteobs.alerting.webhooks[" + i + "]", webhooks.get(i)));
        }
        // the tick is checked against the lease when the rounds start
        return setting("liteobs.alerting.tick", () -> alerting.tick(properties.getTick()).build());
    }

    /** The rules of the default sets switched on, at the thresholds set. */
    static List<AlertRule> defaultRules(LiteObsAlertingProperties.Defaults defaults) {
        List<AlertRule> rules = new ArrayList<>();
        LiteObsAlertingProperties.Host host = defaults.getHost();
        if (host.isEnabled()) {
            DefaultRules.Host set = DefaultRules.host();
            ifSet(host.getCpuAbove(), DEFAULTS + "host.cpu-above", set::cpuAbove);
            ifSet(host.getMemoryAbove(), DEFAULTS + "host.memory-above", set::memoryAbove);
            ifSet(host.getDiskAbove(), DEFAULTS + "host.disk-above", set::diskAbove);
            ifSet(host.getSwapAbove(), DEFAULTS + "host.swap-above", set::swapAbove);
            rules.addAll(set.rules());
        }
        LiteObsAlertingProperties.Jvm jvm = defaults.getJvm();
        if (jvm.isEnabled()) {
            DefaultRules.Jvm set = DefaultRules.jvm();
            ifSet(jvm.getHeapAfterGcAbove(), DEFAULTS + "jvm.heap-after-gc-above", set::heapAfterGcAbove);
            ifSet(jvm.getGcOverheadAbove(), DEFAULTS + "jvm.gc-overhead-above", set::gcOverheadAbove);
            rules.addAll(set.rules());
        }
        LiteObsAlertingProperties.Liveness liveness = defaults.getLiveness();
        if (liveness.isEnabled()) {
            DefaultRules.Liveness set = DefaultRules.liveness();
            ifSet(liveness.getStaleAfter(), DEFAULTS + "liveness.stale-after", set::staleAfter);
            // the set checks its settings when it makes its rules
            rules.addAll(setting(DEFAULTS + "liveness.stale-after", set::rules));
        }
        LiteObsAlertingProperties.LiteObsItself itself = defaults.getLiteobs();
        if (itself.isEnabled()) {
            DefaultRules.LiteObsItself set = DefaultRules.liteObs();
            ifSet(itself.getWindow(), DEFAULTS + "liteobs.window", set::window);
            ifSet(itself.getDegradedFor(), DEFAULTS + "liteobs.degraded-for", set::degradedFor);
            rules.addAll(setting(DEFAULTS + "liteobs.window or " + DEFAULTS + "liteobs.degraded-for", set::rules));
        }
        LiteObsAlertingProperties.Http http = defaults.getHttp();
        if (http.isEnabled()) {
            DefaultRules.Http set = DefaultRules.http();
            ifSet(http.getServerErrorRateAbove(), DEFAULTS + "http.server-error-rate-above",
                    set::serverErrorRateAbove);
            ifSet(http.getP99MillisAbove(), DEFAULTS + "http.p99-millis-above", set::p99MillisAbove);
            ifSet(http.getMinRequests(), DEFAULTS + "http.min-requests", set::minRequests);
            ifSet(http.getWindow(), DEFAULTS + "http.window", set::window);
            rules.addAll(setting(DEFAULTS + "http.min-requests or " + DEFAULTS + "http.window", set::rules));
        }
        return rules;
    }

    /** The rules of the file; none without one. */
    static List<AlertRule> ruleFile(@Nullable Resource file) {
        if (file == null) {
            return List.of();
        }
        String property = "liteobs.alerting.rules-file (" + file.getDescription() + ")";
        if (!file.exists()) {
            throw new IllegalStateException(property + ": no such file; name a YAML or JSON rule file (file:rules.yaml"
                    + " from the working directory, classpath:alert-rules.yaml from the application), or remove the"
                    + " property");
        }
        String text;
        try {
            text = file.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(property + ": the file cannot be read: " + e, e);
        }
        String name = file.getFilename();
        try {
            return RuleFile.parse(text, name != null ? name : file.getDescription());
        } catch (RuleFileException e) {
            throw new IllegalStateException(property + ": " + e.getMessage(), e);
        }
    }

    /** The webhook of {@code liteobs.alerting.webhooks[i]}, errors naming the property at fault. */
    static Webhook webhook(String property, LiteObsAlertingProperties.WebhookTarget target) {
        URI url = target.getUrl();
        if (url == null) {
            throw new IllegalStateException(property + ".url is required: the http or https URL notifications are"
                    + " posted to");
        }
        Webhook.Builder webhook = setting(property + ".url", () -> Webhook.to(url)).format(target.getFormat());
        ifSet(target.getSecret(), property + ".secret", webhook::secret);
        target.getAllow().forEach(allowed -> ifSet(allowed, property + ".allow", webhook::allow));
        ifSet(target.getConnectTimeout(), property + ".connect-timeout", webhook::connectTimeout);
        ifSet(target.getRequestTimeout(), property + ".request-timeout", webhook::requestTimeout);
        ifSet(target.getMaxAttempts(), property + ".max-attempts", webhook::maxAttempts);
        return webhook.build();
    }

    /** Hands a property's value to its setting when it is set, naming the property when LiteObs refuses it. */
    private static <T> void ifSet(@Nullable T value, String property, Consumer<T> setting) {
        if (value != null) {
            setting(property, () -> {
                setting.accept(value);
                return value;
            });
        }
    }

    /** Runs one step of the configuration, naming the property when LiteObs refuses its value. */
    private static <T> T setting(String property, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + ": " + e.getMessage(), e);
        }
    }
}
