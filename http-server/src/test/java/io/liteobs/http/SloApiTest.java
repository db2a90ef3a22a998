package io.liteobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.HttpRequest;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.alerting.ErrorBudget;
import io.liteobs.alerting.Indicator;
import io.liteobs.alerting.Objective;
import io.liteobs.alerting.ObjectiveStatus;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/slo} answers from a counter it keeps per objective: each answer equals a status counted afresh, as
 * requests keep coming and the clock moves on.
 */
class SloApiTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:17Z"));

    private void requests(LiteObs obs, int count, Duration spread) {
        for (int i = 0; i < count; i++) {
            obs.http().record(HttpRequest.builder("GET", "/pay").route("/pay").status(i % 4 == 0 ? 503 : 200)
                    .duration(Duration.ofMillis(5))
                    .startedAt(clock.instant().minusMillis(spread.toMillis() * i / count)).build());
        }
        assertTrue(obs.flush(Duration.ofSeconds(30)), "the requests were stored");
    }

    @SuppressWarnings("unchecked")
    private static List<ObjectiveStatus> served(JsonApi api) {
        JsonApi.Endpoint slo = Objects.requireNonNull(api.endpoint("/api/slo"));
        Map<String, Object> answer = (Map<String, Object>) slo.answer()
                .apply(QueryParameters.parse(null, slo.parameters()));
        return (List<ObjectiveStatus>) answer.get("objectives");
    }

    @Test
    void everyAnswer_equalsAStatusCountedAfresh_asRequestsComeAndTimeMovesOn() {
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("obs.db"))).clock(clock).build()) {
            requests(obs, 400, Duration.ofDays(2));
            Objective shop = Objective.named("shop", Indicator.httpAvailability()).target(0.99);
            JsonApi api = new JsonApi(obs.store(), obs, null, clock, List.of(shop));
            for (int answer = 0; answer < 6; answer++) {
                assertEquals(List.of(ErrorBudget.status(shop, obs.store(), clock.millis())), served(api),
                        "answer " + answer);
                clock.advance(Duration.ofSeconds(45));
                requests(obs, 8, Duration.ofSeconds(40));
            }
        }
    }
}
