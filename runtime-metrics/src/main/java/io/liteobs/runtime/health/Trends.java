package io.liteobs.runtime.health;

import io.liteobs.runtime.host.HostSnapshot;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/** Figures over the recent snapshots of an input: min, average and max, and how fast the fullest disk fills. */
final class Trends {

    private Trends() {
    }

    /** The recent host snapshots that were read and cover an interval. */
    static List<HostSnapshot> hostWithInterval(HealthInput input) {
        return input.recentHost().stream().filter(s -> s.available() && !s.baseline()).toList();
    }

    /** The recent host snapshots that were read, the baseline included. */
    static List<HostSnapshot> hostAvailable(HealthInput input) {
        return input.recentHost().stream().filter(HostSnapshot::available).toList();
    }

    /** The trend of a figure over the snapshots, or null when there are fewer than two. */
    static <T> Explanation.@Nullable Trend trend(String name, @Nullable String unit, List<T> snapshots,
                                                 ToDoubleFunction<T> figure) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int samples = 0;
        for (T snapshot : snapshots) {
            double value = figure.applyAsDouble(snapshot);
            if (Double.isFinite(value)) {
                min = Math.min(min, value);
                max = Math.max(max, value);
                sum += value;
                samples++;
            }
        }
        return samples < 2 ? null : new Explanation.Trend(name, unit, min, sum / samples, max, samples);
    }

    /**
     * At the rate its used space grew over the recent snapshots, the hours until the fullest file system has no
     * space available; null when it does not grow or there is not enough history.
     */
    static @Nullable Double hoursToFull(HealthInput input) {
        HostSnapshot host = input.currentHost();
        HostSnapshot.Disk now = host == null ? null : host.fullestDisk();
        if (host == null || now == null) {
            return null;
        }
        HostSnapshot first = null;
        HostSnapshot.Disk then = null;
        for (HostSnapshot snapshot : hostAvailable(input)) {
            for (HostSnapshot.Disk disk : snapshot.disks()) {
                if (disk.mountPoint().equals(now.mountPoint()) && snapshot.timestampMillis() < host.timestampMillis()) {
                    first = snapshot;
                    then = disk;
                    break;
                }
            }
            if (first != null) {
                break;
            }
        }
        if (first == null || then == null) {
            return null;
        }
        double grownBytes = now.used() - then.used();
        double hours = (host.timestampMillis() - first.timestampMillis()) / 3_600_000.0;
        if (grownBytes <= 0 || hours <= 0) {
            return null;
        }
        return now.available() / (grownBytes / hours);
    }

    /** Bytes per second of a counter increment over a snapshot's interval; NaN without an interval. */
    static double perSecond(long bytes, HostSnapshot snapshot) {
        double seconds = snapshot.interval().toMillis() / 1000.0;
        return seconds > 0 ? bytes / seconds : Double.NaN;
    }
}
