package io.liteobs.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator's {@code json_extract} finds in the JSON columns, whether the caller gave objects or JSON text. */
class JsonColumnsTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("obs.db");
    }

    private List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Test
    void jsonTextAndObjects_areStoredAsTheSameDocument() throws SQLException {
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file())).build()) {
            assertEquals(LogResult.COMMITTED, obs.audit().log(AuditEntry.builder("orders", "as-objects").id("objects")
                    .parameters(Map.of("order", 42)).result(List.of("ok")).metadata(Map.of("shard", "eu")).build()));
            assertEquals(LogResult.COMMITTED, obs.audit().log(AuditEntry.builder("orders", "as-text").id("text")
                    .parameters("{\"order\": 42}").result(" [\"ok\"]").metadata("{\"shard\":\"eu\"}").build()));
            obs.audit().operation("orders", "logged").parameters("{\"order\": 42}").result("[\"ok\"]").logAsync();
            obs.events().record(BusinessEvent.builder("paid", "shop").id("e-object").details(Map.of("order", 42))
                    .build());
            obs.events().record(BusinessEvent.builder("paid", "shop").id("e-text").details("{\"order\": 42}").build());
        }
        assertEquals(List.of("42", "42", "42"), column("SELECT json_extract(parameters, '$.order') FROM audit_log"));
        assertEquals(List.of("ok", "ok", "ok"), column("SELECT json_extract(result, '$[0]') FROM audit_log"));
        assertEquals(List.of("eu", "eu"), column("SELECT json_extract(metadata, '$.shard') FROM audit_log"
                + " WHERE metadata IS NOT NULL"));
        assertEquals(List.of("42", "42"), column("SELECT json_extract(details, '$.order') FROM business_event_logs"));
    }

    @Test
    void textThatIsNoJsonDocument_isStoredAsAJsonString() throws SQLException {
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file())).build()) {
            obs.audit().log(AuditEntry.builder("c", "op").parameters("42").result("{not json").build());
        }
        assertEquals(List.of("text"), column("SELECT json_type(parameters) FROM audit_log"));
        assertEquals(List.of("42"), column("SELECT json_extract(parameters, '$') FROM audit_log"));
        assertEquals(List.of("{not json"), column("SELECT json_extract(result, '$') FROM audit_log"));
    }
}
