package io.liteobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.liteobs.HttpInclude;
import io.liteobs.HttpLoggingOptions;
import io.liteobs.HttpRequest;
import io.liteobs.LiteObs;
import io.liteobs.sqlite.SqliteStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.web.exchanges.HttpExchange;

/** The Actuator repositories over a real file, read back after LiteObs is closed and opened again. */
class LiteObsActuatorRepositoriesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private LiteObs open() {
        return LiteObs.builder(SqliteStore.open(dir.resolve("obs.db")))
                .http(HttpLoggingOptions.builder().include(HttpInclude.values()).build())
                .build();
    }

    @Test
    void auditEventsAreFoundByPrincipalTimeAndTypeAfterARestart() {
        try (LiteObs obs = open()) {
            LiteObsAuditEventRepository events = new LiteObsAuditEventRepository(obs.audit());
            events.add(new AuditEvent(T0, "alice", "AUTHENTICATION_SUCCESS", Map.of("remoteAddress", "10.0.0.1")));
            events.add(new AuditEvent(T0.plusSeconds(1), "bob", "AUTHENTICATION_FAILURE", Map.of()));
            events.add(new AuditEvent(T0.plusSeconds(2), "alice", "AUTHORIZATION_FAILURE", Map.of()));
        }
        try (LiteObs obs = open()) {
            LiteObsAuditEventRepository events = new LiteObsAuditEventRepository(obs.audit());

            List<AuditEvent> all = events.find(null, null, null);
            assertThat(all).extracting(AuditEvent::getType).containsExactly("AUTHENTICATION_SUCCESS",
                    "AUTHENTICATION_FAILURE", "AUTHORIZATION_FAILURE");
            assertThat(all.get(0).getPrincipal()).isEqualTo("alice");
            assertThat(all.get(0).getTimestamp()).isEqualTo(T0);
            assertThat(all.get(0).getData()).containsEntry("remoteAddress", "10.0.0.1");

            assertThat(events.find("alice", null, null)).hasSize(2);
            assertThat(events.find(null, T0, null)).extracting(AuditEvent::getPrincipal)
                    .containsExactly("bob", "alice");
            assertThat(events.find("alice", null, "AUTHORIZATION_FAILURE")).singleElement()
                    .extracting(AuditEvent::getTimestamp).isEqualTo(T0.plusSeconds(2));
            assertThat(obs.audit().query(io.liteobs.AuditQuery.builder().userId("bob").build())).singleElement()
                    .extracting(io.liteobs.AuditEntry::status).isEqualTo(io.liteobs.AuditEntry.STATUS_ERROR);
        }
    }

    @Test
    void exchangesAreTheNewestRequestsNewestFirstAfterARestart() {
        try (LiteObs obs = open()) {
            for (int i = 0; i < 3; i++) {
                obs.http().record(HttpRequest.builder("GET", "/orders/" + i)
                        .startedAt(T0.plusSeconds(i))
                        .status(200 + i)
                        .duration(Duration.ofMillis(5))
                        .user("alice")
                        .clientAddress("10.0.0.1")
                        .userAgent("curl/8")
                        .query("page=" + i)
                        .build());
            }
        }
        try (LiteObs obs = open()) {
            LiteObsHttpExchangeRepository exchanges = new LiteObsHttpExchangeRepository(obs.http(), 2);
            exchanges.add(exchanges.findAll().get(0));

            List<HttpExchange> newest = exchanges.findAll();
            assertThat(newest).hasSize(2);
            HttpExchange last = newest.get(0);
            assertThat(last.getTimestamp()).isEqualTo(T0.plusSeconds(2));
            assertThat(last.getRequest().getUri()).isEqualTo(URI.create("/orders/2?page=2"));
            assertThat(last.getRequest().getMethod()).isEqualTo("GET");
            assertThat(last.getRequest().getRemoteAddress()).isEqualTo("10.0.0.1");
            assertThat(last.getRequest().getHeaders()).containsEntry("User-Agent", List.of("curl/8"));
            assertThat(last.getResponse().getStatus()).isEqualTo(202);
            assertThat(last.getPrincipal().getName()).isEqualTo("alice");
            assertThat(last.getTimeTaken()).isEqualTo(Duration.ofMillis(5));
            assertThat(newest.get(1).getTimestamp()).isEqualTo(T0.plusSeconds(1));
            assertThat(obs.http().query(io.liteobs.HttpRequestQuery.builder().build()))
                    .as("add() stores nothing: the filter records each request once").hasSize(3);
        }
    }
}
