package io.liteobs.runtime.host;

import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The latest snapshot and a bounded number of recent ones, oldest first. Thread-safe. */
final class HostHistory {

    private final int size;
    private final ArrayDeque<HostSnapshot> recent = new ArrayDeque<>();
    private volatile @Nullable HostSnapshot latest;

    /** A history of at most {@code size} snapshots. */
    HostHistory(int size) {
        this.size = size;
    }

    int size() {
        return size;
    }

    synchronized void add(HostSnapshot snapshot) {
        latest = snapshot;
        recent.addLast(snapshot);
        while (recent.size() > size) {
            recent.removeFirst();
        }
    }

    /** The latest snapshot, or null before the first. */
    @Nullable HostSnapshot latest() {
        return latest;
    }

    synchronized List<HostSnapshot> recent() {
        return List.copyOf(recent);
    }
}
