package io.liteobs.spring;

import io.liteobs.LiteObs;
import io.liteobs.StoreStatus;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.runtime.health.HealthReport;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The health of LiteObs itself, under {@code /actuator/health/liteObs}: UP while its store takes writes, DOWN while
 * it cannot ({@link LiteObs#storeStatus()}: locked, disk full, read-only, damaged, closed), with the reason and since
 * when. Turn it off with {@code management.health.liteobs.enabled=false} to keep it out of the application's
 * health.
 * With a {@link LiteObsRuntime}, the details carry the host and JVM health score, which informs and does not
 * change the status: a busy host is not a reason to take the application out of a load balancer.
 */
public class LiteObsHealthIndicator extends AbstractHealthIndicator {

    private final LiteObs obs;
    private final @Nullable LiteObsRuntime runtime;

    public LiteObsHealthIndicator(LiteObs obs, @Nullable LiteObsRuntime runtime) {
        super("LiteObs health check failed");
        this.obs = Objects.requireNonNull(obs, "obs");
        this.runtime = runtime;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        StoreStatus status = obs.storeStatus();
        if (status.isOk()) {
            builder.up();
        } else {
            builder.down();
        }
        builder.withDetail("store", status.state().name());
        if (status.reason() != null) {
            builder.withDetail("reason", status.reason());
        }
        if (status.since() != null) {
            builder.withDetail("since", status.since().toString());
        }
        if (runtime != null) {
            HealthReport report = runtime.health();
            builder.withDetail("score", report.score()).withDetail("scoreStatus", report.status().name());
        }
    }
}
