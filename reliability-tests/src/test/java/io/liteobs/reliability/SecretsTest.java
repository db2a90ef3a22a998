package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.RedactionPolicy;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets named by the redaction policy never reach the file: the raw bytes of the database and of its WAL, read
 * while the store is open (before any checkpoint) and again after it closed, hold none of them. The same entries
 * recorded without redaction put every secret in those bytes, which shows that the search finds what is there.
 */
class SecretsTest {

    private static final String PASSWORD = "hunter2-Pa55word-7f3a";
    private static final String TOKEN = "tok-3c1d9e4b8a7f6e5d";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsInJvbGUiOiJhZG1pbiJ9.q8Zk3sL0m2Vn";
    private static final String BEARER = "b3ar3r-9f8e7d6c5b4a3210";
    private static final String BASIC = "YWxpY2U6czNjcjN0LXBhc3M=";
    private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String API_KEY = "apikey-0a1b2c3d4e5f";
    private static final String COOKIE = "session=cookie-5e6f7a8b9c";
    private static final String CLIENT_SECRET = "client-secret-1f2e3d4c";
    private static final String URL_PASSWORD = "urlpa55-0c9d";
    private static final String PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----MIIEvQ";
    private static final String CARD_NUMBER = "4012 8888 8888 1881";
    private static final long CARD_NUMBER_AS_JSON_INTEGER = 5_500_005_555_555_559L;
    private static final List<String> SECRETS = List.of(PASSWORD, TOKEN, JWT, BEARER, BASIC, AWS_KEY, API_KEY,
            COOKIE, CLIENT_SECRET, URL_PASSWORD, PRIVATE_KEY, CARD_NUMBER, Long.toString(CARD_NUMBER_AS_JSON_INTEGER));
    /** Recorded beside the secrets, and expected in the file. */
    private static final String VISIBLE = "visible-marker-42";

    @TempDir
    Path dir;

    private void recordSecrets(LiteObs obs) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("user", VISIBLE);
        parameters.put("password", PASSWORD);
        parameters.put("nested", Map.of("auth", Map.of("access_token", TOKEN, "list", List.of("Bearer " + BEARER))));
        parameters.put("headers", Map.of("Authorization", "Basic " + BASIC, "Cookie", COOKIE));
        assertEquals(LogResult.COMMITTED, obs.audit().log(AuditEntry.builder("login", "attempt")
                .userId(VISIBLE)
                .sessionId(JWT)
                .parameters(parameters)
                .result(Map.of("api_key", API_KEY, "note", "db at postgres://app:" + URL_PASSWORD + "@db:5432/x"))
                .metadataJson("{\"client_secret\":\"" + CLIENT_SECRET + "\",\"private_key\":\"" + PRIVATE_KEY + "\"}")
                .error(new IllegalStateException("login failed for password=" + PASSWORD + " with key " + AWS_KEY))
                .build()));
        obs.audit().logAsync(AuditEntry.builder("config", "dump")
                .parametersJson("not json: token=" + TOKEN + " Authorization: Bearer " + BEARER)
                .errorMessage("{\"password\": \"" + PASSWORD + "\", \"jwt\": \"" + JWT + "\"}").build());
        obs.events().record(BusinessEvent.builder("user.login", "auth").userId(VISIBLE).action("token=" + TOKEN)
                .details(Map.of("secret", CLIENT_SECRET, "creds", Map.of("apiKey", API_KEY),
                        "url", "https://bob:" + URL_PASSWORD + "@example.com/",
                        "payment", Map.of("note", "paid with " + CARD_NUMBER, "pan", CARD_NUMBER_AS_JSON_INTEGER)))
                .build());
        assertTrue(obs.flush(Duration.ofSeconds(10)));
    }

    private static String rawBytes(Path dir) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("obs.db")).toList()) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static List<String> found(String bytes) {
        List<String> found = new ArrayList<>();
        for (String secret : SECRETS) {
            if (bytes.contains(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                found.add(secret);
            }
        }
        return found;
    }

    @Test
    void secretsNamedByTheDefaultPolicy_neverReachTheDatabaseOrItsWal() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("redacted"));
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(folder.resolve("obs.db")))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10))).build()) {
            recordSecrets(obs);
            assertTrue(Files.size(folder.resolve("obs.db-wal")) > 0, "read while the entries are in the WAL");
            String open = rawBytes(folder);
            assertTrue(open.contains(VISIBLE), "the search sees what is in the file");
            assertTrue(open.contains(RedactionPolicy.REDACTED));
            assertEquals(List.of(), found(open), "secrets in the database or its WAL while open");
        }
        assertEquals(List.of(), found(rawBytes(folder)), "secrets in the database after close");
    }

    @Test
    void withoutRedaction_everySecretIsInTheBytes_soTheSearchFindsThem() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("plain"));
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(folder.resolve("obs.db")))
                .redaction(RedactionPolicy.none())
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10))).build()) {
            recordSecrets(obs);
            assertEquals(SECRETS, found(rawBytes(folder)));
        }
    }
}
