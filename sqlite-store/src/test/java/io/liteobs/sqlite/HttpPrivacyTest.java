package io.liteobs.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.HttpInclude;
import io.liteobs.HttpLoggingOptions;
import io.liteobs.HttpRequest;
import io.liteobs.LiteObs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a recorded request leaves in the file, read from its raw bytes, as anyone who copies the file could. */
class HttpPrivacyTest {

    private static final String USER = "user-7c1f0b2e";
    private static final String AGENT = "Agent-5d2a9e41";
    private static final String CLIENT = "198.51.100.213";
    private static final String PAGE = "page=94213";
    private static final String TOKEN = "tok3n-a8f0c2d9e1";

    @TempDir
    Path dir;

    private String recordAndReadTheFile(HttpLoggingOptions options) throws Exception {
        Path file = dir.resolve("obs.db");
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).http(options).build()) {
            // the query string once in the path, as a server hands it over, once on its own
            obs.http().record(HttpRequest.builder("GET", "/orders?" + PAGE + "&access_token=" + TOKEN)
                    .status(200).durationNanos(1_000).user(USER).userAgent(AGENT).clientAddress(CLIENT).build());
            obs.http().record(HttpRequest.builder("GET", "/orders").query(PAGE + "&access_token=" + TOKEN)
                    .status(200).durationNanos(1_000).user(USER).userAgent(AGENT).clientAddress(CLIENT).build());
            assertTrue(obs.flush(Duration.ofSeconds(10)));
            assertEquals(2, obs.http().stats().persisted());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path written : files.filter(path -> path.getFileName().toString().startsWith("obs.db")).toList()) {
                bytes.write(Files.readAllBytes(written));
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void byDefault_noUserAgentAddressOrQueryStringReachesTheFile() throws Exception {
        String file = recordAndReadTheFile(HttpLoggingOptions.DEFAULT);

        assertTrue(file.contains("/orders"), "the request itself is stored");
        for (String secret : new String[] {USER, AGENT, CLIENT, PAGE, TOKEN}) {
            assertFalse(file.contains(secret), secret);
        }
    }

    @Test
    void whatIsIncluded_isStored_butASecretInTheQueryStringNever() throws Exception {
        String file = recordAndReadTheFile(HttpLoggingOptions.builder().include(HttpInclude.values()).build());

        for (String included : new String[] {USER, AGENT, CLIENT, PAGE}) {
            assertTrue(file.contains(included), included);
        }
        assertFalse(file.contains(TOKEN));
    }
}
