package io.liteobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.internal.RetryPolicy.Action;
import io.liteobs.spi.StoreException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static List<Duration> firstBackoffs(RetryPolicy policy, int count) {
        return IntStream.range(0, count).mapToObj(policy::backoff).toList();
    }

    @Test
    void onlyAnUnavailableStore_isRetried_refusedContentIsWrittenOneByOne_theRestIsGivenUp() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertEquals(Action.RETRY, policy.onFailure(Kind.UNAVAILABLE));
        assertEquals(Action.WRITE_ONE_BY_ONE, policy.onFailure(Kind.REJECTED_DATA));
        assertEquals(Action.GIVE_UP, policy.onFailure(Kind.INCOMPATIBLE));
        assertEquals(Action.GIVE_UP, policy.onFailure(Kind.CLOSED));
    }

    @Test
    void defaultBackoff_doublesFromTenMilliseconds_andStaysAtOneSecond() {
        assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1_000L, 1_000L),
                firstBackoffs(RetryPolicy.DEFAULT, 9).stream().map(Duration::toMillis).toList());
        assertEquals(Duration.ofSeconds(1), RetryPolicy.DEFAULT.backoff(Integer.MAX_VALUE));
    }

    @Test
    void backoff_isCappedExactly_evenWhenDoublingWouldOvershoot() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(300), Duration.ofSeconds(1));
        assertEquals(List.of(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(1),
                Duration.ofSeconds(1)), firstBackoffs(policy, 4));
    }

    @Test
    void backoffsAsLongAsAllowed_neverOverflow() {
        RetryPolicy policy = new RetryPolicy(Checks.MAX_DURATION.dividedBy(3), Checks.MAX_DURATION);
        for (Duration pause : firstBackoffs(policy, 5)) {
            assertTrue(pause.toNanos() > 0 && pause.compareTo(Checks.MAX_DURATION) <= 0, pause.toString());
        }
        assertEquals(Checks.MAX_DURATION, policy.backoff(100));
    }

    @Test
    void contradictoryOrEmptyBackoffs_areRejected_namingTheParameter() {
        IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertTrue(shorter.getMessage().startsWith("maxBackoff"), shorter.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1)));
        assertTrue(zero.getMessage().startsWith("initialBackoff"), zero.getMessage());
    }
}
