package io.liteobs.runtime.health;

import io.liteobs.runtime.host.HostSnapshot;
import io.liteobs.runtime.micrometer.JvmSnapshot;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the health score and explain mode judge: the latest host and JVM snapshots and the recent ones. Either
 * snapshot may be null (a JVM on macOS has no host snapshot; a host judged from outside has no JVM); the
 * indicators that need it are then reported as not assessed.
 *
 * @param host       the latest host snapshot; may be null
 * @param jvm        the latest JVM snapshot; may be null
 * @param recentHost recent host snapshots, oldest first; may be empty
 * @param recentJvm  recent JVM snapshots, oldest first; may be empty
 */
public record HealthInput(@Nullable HostSnapshot host, @Nullable JvmSnapshot jvm, List<HostSnapshot> recentHost,
                          List<JvmSnapshot> recentJvm) {

    /**
     * Copies the lists; null lists are empty.
     *
     * @param host the latest host snapshot; may be null
     * @param jvm the latest JVM snapshot; may be null
     * @param recentHost recent host snapshots, oldest first; may be empty
     * @param recentJvm recent JVM snapshots, oldest first; may be empty
     */
    public HealthInput {
        recentHost = recentHost == null ? List.of() : List.copyOf(recentHost);
        recentJvm = recentJvm == null ? List.of() : List.copyOf(recentJvm);
    }

    /**
     * An input without history.
     *
     * @param host the latest host snapshot; may be null
     * @param jvm the latest JVM snapshot; may be null
     * @return an input without history
     */
    public static HealthInput of(@Nullable HostSnapshot host, @Nullable JvmSnapshot jvm) {
        return new HealthInput(host, jvm, List.of(), List.of());
    }

    /**
     * The host snapshot when it was read, the first, since-boot one included: its gauges (memory, disk space,
     * load) hold, its differences do not ({@link #hostHasInterval()} tells); else null.
     *
     * @return the host snapshot when it was read, the first, since-boot one included
     */
    public @Nullable HostSnapshot currentHost() {
        return host != null && host.available() ? host : null;
    }

    /**
     * Whether CPU and other differences of the host cover a recent interval rather than the time since boot.
     *
     * @return whether CPU and other differences of the host cover a recent interval rather than the time since boot
     */
    public boolean hostHasInterval() {
        return host != null && host.available() && !host.baseline();
    }
}
