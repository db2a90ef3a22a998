package io.liteobs.internal;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Instant} and {@code Duration} views of the value types' optional millisecond components: null stays
 * null, so that a view is absent exactly when its stored form is.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
public final class EpochMillis {

    private EpochMillis() {
    }

    public static @Nullable Instant instantOrNull(@Nullable Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }

    public static @Nullable Duration durationOrNull(@Nullable Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }
}
