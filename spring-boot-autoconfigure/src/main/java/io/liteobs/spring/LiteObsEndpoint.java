package io.liteobs.spring;

import io.liteobs.LiteObs;
import io.liteobs.RecorderStats;
import io.liteobs.StoreStatus;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.runtime.health.HealthReport;
import io.liteobs.runtime.health.Resource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code liteobs} Actuator endpoint: {@code /actuator/liteobs} gives the store's status, each recorder's
 * counters and, with a {@link LiteObsRuntime}, the health score and the explanation of each resource it names as a
 * bottleneck; {@code /actuator/liteobs/{resource}} explains one resource ({@code cpu}, {@code memory},
 * {@code disk}, {@code network}, {@code jvm}). Exposed as any endpoint: {@code management.endpoints.web.exposure.include}.
 */
@Endpoint(id = "liteobs")
public class LiteObsEndpoint {

    private final LiteObs obs;
    private final @Nullable LiteObsRuntime runtime;

    public LiteObsEndpoint(LiteObs obs, @Nullable LiteObsRuntime runtime) {
        this.obs = Objects.requireNonNull(obs, "obs");
        this.runtime = runtime;
    }

    @ReadOperation
    public Descriptor describe() {
        StoreStatus status = obs.storeStatus();
        Health health = null;
        if (runtime != null) {
            HealthReport report = runtime.health();
            health = new Health(report.score(), report.status().name(), report.toText(),
                    report.resourcesToExplain().stream().map(resource -> runtime.explain(resource).toText()).toList());
        }
        return new Descriptor(status.state().name(), status.reason(), obs.stats(), health);
    }

    /** Explains one resource; null, which Actuator answers with 404, without a runtime or for an unknown name. */
    @ReadOperation
    public @Nullable String explain(@Selector String resource) {
        if (runtime == null) {
            return null;
        }
        for (Resource known : Resource.values()) {
            if (known.name().equals(resource.toUpperCase(Locale.ROOT))) {
                return runtime.explain(known).toText();
            }
        }
        return null;
    }

    /** What {@code /actuator/liteobs} shows. */
    public record Descriptor(String store, @Nullable String storeReason, List<RecorderStats> recorders,
                             @Nullable Health health) {
    }

    /** The health score, its text, and the explanation of each bottleneck. */
    public record Health(int score, String status, String report, List<String> explanations) {
    }
}
