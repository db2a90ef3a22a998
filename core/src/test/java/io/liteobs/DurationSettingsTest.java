package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every duration a builder takes is refused at once when shorter than a millisecond: used in milliseconds it would
 * be zero, and fail far from the call that set it.
 */
class DurationSettingsTest {

    private final FaultInjectingStore store = new FaultInjectingStore();

    @Test
    void durationsUnderOneMillisecond_areRefusedByTheSetter_namingTheParameterAndTheMinimum() {
        for (Duration tooShort : new Duration[] {Duration.ofNanos(10), Duration.ofNanos(999_999), Duration.ZERO,
                Duration.ofMillis(-1)}) {
            assertRefused("heartbeatInterval", tooShort, d -> LiteObs.builder(store).heartbeatInterval(d));
            assertRefused("retentionEvery", tooShort, d -> LiteObs.builder(store).retentionEvery(d));
            assertRefused("auditDropAlertInterval", tooShort, d -> LiteObs.builder(store).auditDropAlertInterval(d));
            assertRefused("interval", tooShort, d -> HeartbeatWriter.builder(store, "w").interval(d));
            assertRefused("dropAlertInterval", tooShort, d -> AuditLogger.builder(store).dropAlertInterval(d));
            assertRefused("keep(AUDIT, age)", tooShort, d -> RetentionPolicy.builder().keep(DataKind.AUDIT, d));
            assertRefused("maxAge of AUDIT", tooShort, d -> new RetentionPolicy(Map.of(DataKind.AUDIT, d),
                    RetentionPolicy.DEFAULT_CHUNK_SIZE, RetentionPolicy.DEFAULT_PAUSE));
            assertRefused("flushInterval", tooShort, d -> WriterOptions.DEFAULT.withFlushInterval(d));
        }
    }

    @Test
    void durationsTooLongForNanoseconds_areRefusedByTheSetter() {
        Duration forever = ChronoUnit.FOREVER.getDuration();
        assertRefused("retentionEvery", forever, d -> LiteObs.builder(store).retentionEvery(d));
        assertRefused("dropAlertInterval", forever, d -> AuditLogger.builder(store).dropAlertInterval(d));
        assertRefused("flushInterval", forever, d -> WriterOptions.DEFAULT.withFlushInterval(d));
    }

    @Test
    void oneMillisecond_isAccepted_andAHeartbeatWriterStartsWithIt() {
        try (HeartbeatWriter heartbeat = HeartbeatWriter.builder(store, "w").interval(Duration.ofMillis(1)).build()) {
            heartbeat.start();
            assertTrue(heartbeat.isRunning());
        }
        WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(1));
        RetentionPolicy.builder().keep(DataKind.AUDIT, Duration.ofMillis(1)).build();
    }

    private static void assertRefused(String parameter, Duration value, Consumer<Duration> setter) {
        Executable call = () -> setter.accept(value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, parameter + " " + value);
        assertTrue(e.getMessage().startsWith(parameter + " must be at least 1 ms"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got " + value), e.getMessage());
    }
}
