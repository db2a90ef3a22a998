package io.liteobs.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits what a PostgreSQL client sends into the messages of the wire protocol, and tells which of them commits: a
 * simple query {@code COMMIT}, a Parse of {@code COMMIT}, or a Bind of a statement that a Parse named for it. The
 * messages before the startup message have no type byte (an SSL or GSS request, then the startup message).
 */
final class FrontendMessages {

    /** The protocol version 3.0 of a startup message, after which every message starts with its type. */
    private static final int STARTUP_PROTOCOL = 196_608;

    /**
     * One message, as received.
     *
     * @param bytes   its bytes, type and length included
     * @param commits true when it ends the transaction with a commit
     */
    record Message(byte[] bytes, boolean commits) {
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Set<String> commitStatements = new HashSet<>();
    private boolean started;

    /** Adds received bytes, and returns the messages they complete. */
    List<Message> add(byte[] received, int length) {
        pending.write(received, 0, length);
        ByteBuffer bytes = ByteBuffer.wrap(pending.toByteArray());
        List<Message> messages = new ArrayList<>();
        while (true) {
            int header = started ? 5 : 4;
            if (bytes.remaining() < header) {
                break;
            }
            int start = bytes.position();
            int size = started ? 1 + bytes.getInt(start + 1) : bytes.getInt(start);
            if (bytes.remaining() < size) {
                break;
            }
            byte[] message = Arrays.copyOfRange(bytes.array(), start, start + size);
            bytes.position(start + size);
            messages.add(new Message(message, started && commits(message)));
            if (!started && size >= 8 && ByteBuffer.wrap(message).getInt(4) == STARTUP_PROTOCOL) {
                started = true;
            }
        }
        pending.reset();
        pending.write(bytes.array(), bytes.position(), bytes.remaining());
        return messages;
    }

    private boolean commits(byte[] message) {
        List<String> strings = strings(message);
        return switch (message[0]) {
            case 'Q' -> isCommit(strings.get(0));
            case 'P' -> {
                // Parse: statement name, query text
                boolean commit = isCommit(strings.get(1));
                if (commit && !strings.get(0).isEmpty()) {
                    commitStatements.add(strings.get(0));
                }
                yield commit;
            }
            // Bind: portal name, statement name
            case 'B' -> commitStatements.contains(strings.get(1));
            default -> false;
        };
    }

    private static boolean isCommit(String query) {
        return query.strip().equalsIgnoreCase("COMMIT");
    }

    /** The message's leading NUL-terminated strings, after its type and length. */
    private static List<String> strings(byte[] message) {
        List<String> strings = new ArrayList<>();
        int from = 5;
        for (int i = from; i < message.length && strings.size() < 2; i++) {
            if (message[i] == 0) {
                strings.add(new String(message, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        while (strings.size() < 2) {
            strings.add("");
        }
        return strings;
    }
}
