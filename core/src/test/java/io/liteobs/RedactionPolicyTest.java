package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.internal.Json;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RedactionPolicyTest {

    private final RedactionPolicy policy = RedactionPolicy.defaults();

    @Test
    void secretKeys_matchWhenTheKeyEqualsOrEndsWithOne_caseAndSeparatorsIgnored() {
        for (String key : new String[] {"password", "PASSWORD", "db_password", "userPassword", "X-Auth-Token",
                "idToken", "access_token", "refresh-token", "api_key", "apiKey", "x-api-key", "Authorization",
                "Proxy-Authorization", "Cookie", "Set-Cookie", "private_key", "client_secret", "credentials", "pwd",
                "AWS_SECRET_ACCESS_KEY", "secretKey", "s3.access-key"}) {
            assertTrue(policy.isSecretKey(key), key);
        }
        for (String key : new String[] {"max_tokens", "passwordHint", "user", "tokens_used", "keyboard", "id", null}) {
            assertFalse(policy.isSecretKey(key), String.valueOf(key));
        }
    }

    @Test
    void text_keyValuesAndValuePatterns_areRedacted() {
        assertEquals("login failed: password=[REDACTED] user=bob",
                policy.redactText("login failed: password=hunter2 user=bob"));
        assertEquals("db_password: [REDACTED], x", policy.redactText("db_password: s3cret, x"));
        assertEquals("{\"token\": \"[REDACTED]\"}", policy.redactText("{\"token\": \"a b c\"}"));
        assertEquals("Authorization: Bearer [REDACTED]",
                policy.redactText("Authorization: Bearer eyJhbGciOi.eyJzdWIiOiIx.sig"),
                "the bearer token goes, whatever pattern takes it");
        assertEquals("header Basic [REDACTED] end", policy.redactText("header Basic dXNlcjpwYXNzd29yZA== end"));
        assertEquals("jwt [REDACTED] end",
                policy.redactText("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl end"));
        assertEquals("key [REDACTED] used", policy.redactText("key AKIAIOSFODNN7EXAMPLE used"));
        assertEquals("postgres://admin:[REDACTED]@db:5432/x", policy.redactText("postgres://admin:pa55@db:5432/x"));
        assertEquals("max_tokens=100 and tokens: 5", policy.redactText("max_tokens=100 and tokens: 5"));
        assertEquals("nothing to see", policy.redactText("nothing to see"));
        assertEquals(null, policy.redactText(null));
    }

    @Test
    void commandLines_optionsVariablesAndUrlCredentials_areRedacted() {
        assertEquals("java --db-password=[REDACTED] -Djavax.net.ssl.keyStorePassword=[REDACTED] -jar orders.jar",
                policy.redactText("java --db-password=hunter2 -Djavax.net.ssl.keyStorePassword=changeit -jar orders.jar"));
        assertEquals("env AWS_SECRET_ACCESS_KEY=[REDACTED] AWS_ACCESS_KEY_ID=[REDACTED] app",
                policy.redactText("env AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
                        + " AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE app"));
        assertEquals("worker --url postgres://app:[REDACTED]@db/orders --env {\"DB_PASSWORD\":\"[REDACTED]\"}",
                policy.redactText("worker --url postgres://app:s3cret@db/orders --env {\"DB_PASSWORD\":\"s3cret\"}"));
        assertEquals("app --db-password [REDACTED] -token [REDACTED] --password-file /run/pw --user bob",
                policy.redactText("app --db-password hunter2 -token abc --password-file /run/pw --user bob"),
                "an option's argument; an option that only starts with a secret key keeps its own");
        assertEquals("app --password --verbose x-password y", policy.redactText("app --password --verbose x-password y"),
                "an argument that starts with a dash is the next option; a dash inside a word starts none");
        assertEquals("redis://:[REDACTED]@cache:6379 amqp://guest:[REDACTED]@mq",
                policy.redactText("redis://:hunter2@cache:6379 amqp://guest:guest@mq"), "URL user info without a user");
    }

    @Test
    void json_membersWithSecretKeysAtAnyDepth_andSecretsInStrings_areRedacted_numbersKeptExactly() {
        String json = "{\"user\":\"bob\",\"password\":\"hunter2\",\"n\":1.50,\"nested\":{\"apiKey\":{\"v\":1},"
                + "\"list\":[\"Bearer abc.def\",{\"client_secret\":\"x\"}]},\"note\":\"token=abc\",\"empty\":null,"
                + "\"secret\":null}";
        String redacted = Json.normalise(json, policy);
        assertEquals("{\"user\":\"bob\",\"password\":\"[REDACTED]\",\"n\":1.50,\"nested\":{\"apiKey\":\"[REDACTED]\","
                + "\"list\":[\"Bearer [REDACTED]\",{\"client_secret\":\"[REDACTED]\"}]},\"note\":\"token=[REDACTED]\","
                + "\"empty\":null,\"secret\":null}", redacted);
        assertEquals("{\"a\": 1}", Json.normalise("{\"a\": 1}", policy), "untouched JSON keeps its layout");
        assertEquals("\"password=[REDACTED] {oops\"", Json.normalise("password=x {oops", policy),
                "invalid JSON is kept as a string, redacted");
    }

    @Test
    void customKeysAndPatterns_extendTheDefaults_andNoneRedactsNothing() {
        RedactionPolicy custom = RedactionPolicy.builder().keys("ssn")
                .valuePattern(Pattern.compile("\\b\\d{4}-\\d{4}-\\d{4}-\\d{4}\\b")).build();
        assertEquals("ssn=[REDACTED] card [REDACTED] password=[REDACTED]",
                custom.redactText("ssn=123-45-6789 card 4111-1111-1111-1111 password=x"));
        assertTrue(custom.isSecretKey("customer_ssn"));
        assertEquals("password=x", RedactionPolicy.none().redactText("password=x"));
        assertFalse(RedactionPolicy.none().isEnabled());
        RedactionPolicy onlyMine = RedactionPolicy.builder().withoutDefaults().keys("pin").build();
        assertEquals("pin=[REDACTED] password=x", onlyMine.redactText("pin=1234 password=x"));
        assertThrows(IllegalArgumentException.class, () -> RedactionPolicy.builder().keys("--"));
    }

    @Test
    void keysInTextAndInJson_areJudgedByOneRule_inAnyScript() {
        RedactionPolicy russian = RedactionPolicy.builder().keys("пароль", "card_number").build();
        for (RedactionPolicy p : new RedactionPolicy[] {policy, russian}) {
            for (String key : new String[] {"password", "db_password", "X-Auth-Token", "idToken", "api.key",
                    "Proxy-Authorization", "max_tokens", "passwordHint", "user", "пароль", "ПАРОЛЬ", "мой_пароль",
                    "парольный", "card__number", "cardNumber", "card_numbers"}) {
                boolean inText = p.redactText(key + "=v1 next").contains(RedactionPolicy.REDACTED);
                boolean inJson = Json.normalise("{\"" + key + "\":\"v1\"}", p).contains(RedactionPolicy.REDACTED);
                assertEquals(p.isSecretKey(key), inText, key + " in text, " + p.keys());
                assertEquals(p.isSecretKey(key), inJson, key + " in JSON, " + p.keys());
            }
        }
        assertFalse(policy.isSecretKey("пароль"), "the default keys are English words");
        assertEquals("пароль=[REDACTED] ПАРОЛЬ: [REDACTED]", russian.redactText("пароль=hunter2 ПАРОЛЬ: hunter3"));
    }

    @Test
    void onlyNonAsciiKeys_redactOnlyTheirOwnValues() {
        RedactionPolicy onlyRussian = RedactionPolicy.builder().withoutDefaults().keys("пароль").build();
        assertEquals("user=bob time: 12 пароль=[REDACTED]",
                onlyRussian.redactText("user=bob time: 12 пароль=hunter2"));
        RedactionPolicy onlyPatterns = RedactionPolicy.builder().withoutDefaults()
                .valuePattern(Pattern.compile("\\d{4}-\\d{4}")).build();
        assertEquals("user=bob time: 12 card [REDACTED]", onlyPatterns.redactText("user=bob time: 12 card 1234-5678"));
    }

    @Test
    void quotedValues_areRedactedWhole_escapesAndUnclosedQuotesIncluded() {
        assertEquals("password=\"[REDACTED]\" next", policy.redactText("password=\"se\\\"cret\" next"));
        assertEquals("password='[REDACTED]' next", policy.redactText("password='it\\'s' next"));
        assertEquals("password=\"[REDACTED]", policy.redactText("password=\"abc def ghi"));
        assertEquals("password=\"[REDACTED]", policy.redactText("password=\"abc\\"));
        assertEquals("{\"log\":\"token=\\\"[REDACTED]\\\" ok\"} trailing",
                policy.redactText("{\"log\":\"token=\\\"a b c\\\" ok\"} trailing"),
                "a quoted value inside JSON text kept as it is");
        assertEquals("\"{\\\"log\\\":\\\"token=\\\\\\\"[REDACTED]\\\\\\\"\\\"} x\"",
                Json.normalise("{\"log\":\"token=\\\"a b\\\"\"} x", policy), "invalid JSON, redacted as text");
    }

    @Test
    void cardNumbersPassingTheLuhnCheck_areRedactedByDefault_inTextAndJson() {
        assertTrue(policy.redactsCardNumbers());
        assertEquals("paid with [REDACTED] today", policy.redactText("paid with 4111 1111 1111 1111 today"));
        assertEquals("card=[REDACTED], next", policy.redactText("card=4111-1111-1111-1111, next"));
        assertEquals("mc [REDACTED]; amex [REDACTED]; discover [REDACTED].",
                policy.redactText("mc 5500005555555559; amex 3782 822463 10005; discover 6011111111111117."));
        assertEquals("order 12 for [REDACTED]", policy.redactText("order 12 for 4242424242424242"),
                "a number before the card is not part of it");
        assertEquals("{\"card\":\"[REDACTED]\",\"pan\":\"[REDACTED]\",\"list\":[\"x [REDACTED] y\"],\"n\":12}",
                Json.normalise("{\"card\":\"4012888888881881\",\"pan\":4111111111111111,"
                        + "\"list\":[\"x 4111 1111 1111 1111 y\"],\"n\":12}", policy),
                "in strings, and a card number written as a JSON integer becomes a string");
        assertEquals("\"pan [REDACTED] {oops\"", Json.normalise("pan 4111111111111111 {oops", policy));
    }

    @Test
    void digitRunsThatAreNotCardNumbers_areKept() {
        for (String text : new String[] {
                "order 4111111111111112 failed the Luhn check",
                "at 1764672000007 ms, which passes it but starts with 1 as every epoch timestamp does",
                "at 1764672000007123456 ns",
                "trace 41111111111111111111111111111111 is longer than a card number",
                "ratio 0.4111111111111111 or 3,4111111111111111",
                "id x4111111111111111 or 4111111111111111_a",
                "phone +1 415 555 0100, 12 digits at most"}) {
            assertEquals(text, policy.redactText(text));
        }
        assertEquals("{\"t\":1764672000007,\"v\":4111111111111111.5}",
                Json.normalise("{\"t\":1764672000007,\"v\":4111111111111111.5}", policy));
        RedactionPolicy keepCards = RedactionPolicy.builder().cardNumbers(false).build();
        assertEquals("card 4111111111111111", keepCards.redactText("card 4111111111111111"));
        assertFalse(RedactionPolicy.builder().withoutDefaults().build().redactsCardNumbers());
        assertTrue(RedactionPolicy.builder().withoutDefaults().cardNumbers(true).build().isEnabled());
    }

    @Test
    void emailAddresses_areKeptByDefault_andRedactedWhenThePolicyAsks() {
        String text = "from alice.smith+tag@mail.example.co.uk to bob@example.org: hi";
        assertFalse(policy.redactsEmailAddresses());
        assertEquals(text, policy.redactText(text), "an audit trail's user is often an address");
        RedactionPolicy emails = RedactionPolicy.builder().emailAddresses(true).build();
        assertTrue(emails.valuePatterns().contains(RedactionPolicy.EMAIL_ADDRESS));
        assertEquals("from [REDACTED] to [REDACTED]: hi", emails.redactText(text));
        assertEquals("{\"user\":\"[REDACTED]\",\"at\":\"a@b\"}",
                Json.normalise("{\"user\":\"bob@example.org\",\"at\":\"a@b\"}", emails),
                "a host without a dotted name is not an address");
    }

    @Test
    void idShapedTexts_areJudgedInOnePass_andKeptAsTheyAre() {
        for (String id : new String[] {"0190f3a2-7c4e-7d2a-9b1e-3f5a6c7d8e9f", "3F2504E0-4F89-41D3-9A0C-0305E82C3301",
                "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "01ARZ3NDEKTSV4RRFFQ69G5FAV",
                "Xk3_9aQ-Zp0vLr7Yt2Wc", "req-42", "orders-7f9c4d5b8-x2kqz", "1764672000"}) {
            assertTrue(RedactionPolicy.isIdShaped(id), id);
            assertSame(id, policy.redactText(id), id);
        }
    }

    @Test
    void textsThatMayHoldASecret_areNotIdShaped_andAreRedactedAsBefore() {
        RedactionPolicy emails = RedactionPolicy.builder().emailAddresses(true).build();
        List<String[]> secrets = List.of(
                new String[] {"4111111111111111", "[REDACTED]"},
                new String[] {"4111-1111-1111-1111", "[REDACTED]"},
                new String[] {"ord-4111-1111-1111-1111", "ord-[REDACTED]"},
                new String[] {"AKIAIOSFODNN7EXAMPLE", "[REDACTED]"},
                new String[] {"key-AKIAIOSFODNN7EXAMPLE", "key-[REDACTED]"},
                new String[] {"Bearer abc123", "Bearer [REDACTED]"},
                new String[] {"token=abc123", "token=[REDACTED]"},
                new String[] {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl", "[REDACTED]"},
                new String[] {"https://u:pw@h", "https://u:[REDACTED]@h"},
                new String[] {"--password hunter2", "--password [REDACTED]"});
        for (String[] secret : secrets) {
            assertFalse(RedactionPolicy.isIdShaped(secret[0]), secret[0]);
            assertEquals(secret[1], policy.redactText(secret[0]), secret[0]);
        }
        assertFalse(RedactionPolicy.isIdShaped("bob@example.org"));
        assertEquals("[REDACTED]", emails.redactText("bob@example.org"));
        assertFalse(RedactionPolicy.isIdShaped("id-" + "1".repeat(13)), "as many digits as a card number");
        assertFalse(RedactionPolicy.isIdShaped("Ab_" + "é"), "not ASCII");
    }

    @Test
    void aPolicysOwnPatterns_stillRunOnIdShapedTexts() {
        RedactionPolicy custom = RedactionPolicy.builder().valuePattern(Pattern.compile("\\bsk_live_\\w+")).build();
        assertTrue(RedactionPolicy.isIdShaped("sk_live_4eC39HqLyjWDarjtT1zdp7dc"));
        assertEquals("[REDACTED]", custom.redactText("sk_live_4eC39HqLyjWDarjtT1zdp7dc"));
        assertEquals("req-[REDACTED]", custom.redactText("req-sk_live_abc"));
    }

    /**
     * The pass for ids must never change an outcome: random texts, most of them id-shaped, some holding a card
     * number, an AWS key id, an address or a key, are redacted with and without it, by several policies.
     */
    @Test
    void thePassForIds_givesWhatTheFullScanGives() {
        List<RedactionPolicy> policies = List.of(policy, RedactionPolicy.builder().emailAddresses(true).build(),
                RedactionPolicy.builder().cardNumbers(false).build(),
                RedactionPolicy.builder().valuePattern(Pattern.compile("(?i)\\bsk_live_\\w+")).build());
        String[] pieces = {"0190f3a2", "7c4e", "-", "_", "AKIA", "IOSFODNN7EXAMPLE", "4111", "1111", "4242424242424242",
                "5500005555555559", "378282246310005", "0", "9", "x", "Z", "@", "bob@example.org", "=", "token", ":",
                " ", ".", "sk_live_", "eyJ", "Bearer ", "--password ", "://"};
        Random random = new Random(20261203);
        int idShaped = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int piece = 0; piece < length; piece++) {
                // the first fifteen pieces are made of an id's characters; the others come one time in ten
                text.append(pieces[random.nextInt(10) < 9 ? random.nextInt(15) : random.nextInt(pieces.length)]);
            }
            String candidate = text.toString();
            idShaped += RedactionPolicy.isIdShaped(candidate) ? 1 : 0;
            for (RedactionPolicy each : policies) {
                assertEquals(each.redactEveryWay(candidate), each.redactText(candidate), candidate);
            }
        }
        assertTrue(idShaped > 5_000, "the texts exercise the pass for ids: " + idShaped);
    }

    /**
     * Each hostile text is redacted at a size and at eight times that size, after warming up, taking the fastest of
     * several interleaved runs of each: linear cost makes the larger take about 8 times as long, quadratic about 64
     * times. The bound, 32, is four times the linear ratio, so that noise does not fail the test, and half the
     * quadratic one. A larger text redacted in under 10 ms passes whatever the ratio: at 100,000 characters a
     * quadratic cost takes seconds, and such short runs are dominated by timer and JIT noise. Time is the thread's
     * CPU time, not the wall clock's, so that a machine busy with other work, which preempts the longer run more
     * often than the shorter, does not make a linear cost look quadratic.
     */
    @Test
    void hostileText_costsLinearTime() {
        RedactionPolicy withRussianKey = RedactionPolicy.builder().keys("пароль").emailAddresses(true).build();
        String[] units = {"a_", "a.", "eyJ-", "password=", "x://", "bearer ", "password=\"\\a", "token=\\\"",
                "p_a_s_s_w_o_r_d=", "password \t", "'\\'", "пароль:", "4 ", "4-", "4111 1111 1111 111", "4.",
                "a@", "a@b.", "a.b@c-", "@a.", "--password ", " -a", " --a-b x"};
        int baseChars = 12_500;
        for (String unit : units) {
            String small = hostile(unit, baseChars);
            String large = hostile(unit, 8 * baseChars);
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
            for (int run = 0; run < 8; run++) {
                long smallNanos = timed(withRussianKey, small);
                long largeNanos = timed(withRussianKey, large);
                if (run >= 3) {
                    best[0] = Math.min(best[0], smallNanos);
                    best[1] = Math.min(best[1], largeNanos);
                }
            }
            double ratio = (double) best[1] / Math.max(1, best[0]);
            assertTrue(best[1] < 10_000_000 || ratio < 32, "\"" + unit + "\" x " + large.length() + " chars took "
                    + best[1] / 1_000 + " us, " + String.format("%.1f", ratio) + " times " + small.length());
        }
    }

    private static String hostile(String unit, int chars) {
        return unit.repeat(chars / unit.length()) + "a:b";
    }

    private static long timed(RedactionPolicy redaction, String text) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long started = threads.getCurrentThreadCpuTime();
        redaction.redactText(text);
        return threads.getCurrentThreadCpuTime() - started;
    }
}
