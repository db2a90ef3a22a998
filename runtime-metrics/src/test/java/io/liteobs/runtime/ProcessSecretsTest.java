package io.liteobs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liteobs.LiteObs;
import io.liteobs.common.internal.LogSafe;
import io.liteobs.runtime.health.Explanation;
import io.liteobs.runtime.health.Resource;
import io.liteobs.runtime.host.HostSnapshot;
import io.liteobs.runtime.host.ProcFixtures;
import io.liteobs.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recorded {@code proc-secrets} host runs two processes that betray secrets: pid 707, whose command line holds a
 * password option, a database URL with a password, an AWS secret key and an environment as JSON; and pid 808, whose
 * name (a process chooses its own) holds a line feed and a token. Neither the host collector, nor the series it
 * records into the file, nor explain mode may show any of them, with command lines off (the default) or on.
 */
class ProcessSecretsTest {

    private static final List<String> SECRETS = List.of("hunter2", "s3cret",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "token=abc");
    /** What a line feed in a name or a command line would start: a line of its own. */
    private static final List<String> FORGED_LINES = List.of("\n=token", "\nFAKE LOG LINE");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "command lines shown: {0}")
    @ValueSource(booleans = {false, true})
    void secretsOfOtherProcesses_reachNeitherTheFileNorExplainMode(boolean commandLines) throws Exception {
        Path file = dir.resolve("host.db");
        List<String> shown = new ArrayList<>();
        String memory;
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build();
             LiteObsRuntime runtime = LiteObsRuntime.builder(obs)
                     .host(ProcFixtures.builder(ProcFixtures.resource("proc-secrets")).commandLines(commandLines))
                     .build()) {
            HostSnapshot snapshot = runtime.host().collect(); // the second: process CPU is recorded too
            assertEquals(List.of(707L, 808L), snapshot.topByMemory().stream().map(HostSnapshot.ProcessUsage::pid)
                    .toList(), "both processes are listed");
            for (HostSnapshot.ProcessUsage process : snapshot.topByMemory()) {
                shown.add(process.name());
                shown.add(process.command());
            }
            ObjectMapper json = new ObjectMapper();
            for (Resource resource : Resource.values()) {
                Explanation explanation = runtime.explain(resource);
                shown.add(explanation.toText());
                shown.add(json.writeValueAsString(explanation));
            }
            memory = runtime.explain(Resource.MEMORY).toText();
            assertTrue(obs.flush(Duration.ofSeconds(5)));
        }
        String stored = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertTrue(stored.contains("orders-api"), "the process is recorded by its name");
        shown.add(stored);

        for (String text : shown) {
            for (String secret : SECRETS) {
                assertFalse(text.contains(secret), () -> secret + " shown in: " + text);
            }
            for (String forged : FORGED_LINES) {
                assertFalse(text.contains(forged), () -> "a line forged in: " + text);
            }
        }
        assertTrue(memory.contains("orders-api (pid 707)"), memory);
        assertTrue(memory.contains("x\\n=token=[REDACTED] (pid 808)"), "a forged name, redacted and escaped: " + memory);
        assertEquals(commandLines, memory.contains("--db-password=[REDACTED] --url postgres://app:[REDACTED]@db/orders"
                + " AWS_SECRET_ACCESS_KEY=[REDACTED] --env {\"DB_PASSWORD\":\"[REDACTED]\"} -jar orders.jar"), memory);
        assertEquals(commandLines, memory.contains("x\\nFAKE LOG LINE"), memory);
    }

    @Test
    void processNamesAndCommandLines_holdNoControlCharacter() {
        HostSnapshot snapshot = ProcFixtures.builder(ProcFixtures.resource("proc-secrets")).commandLines(true).build()
                .collect();

        for (HostSnapshot.ProcessUsage process : snapshot.topByMemory()) {
            assertEquals(LogSafe.text(process.name()), process.name());
            assertEquals(LogSafe.text(process.command()), process.command());
        }
        assertEquals("x\\nFAKE LOG LINE", snapshot.topByMemory().get(1).command());
    }
}
