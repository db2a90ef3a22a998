package io.liteobs.runtime.host;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads small kernel files (/proc, /sys) whole into text, through one reused buffer: files under /proc report a
 * size of zero, so they are read until the end rather than by their size. Not thread-safe: one reader per thread.
 *
 * <p>Internal to LiteObs runtime-metrics: it may change in any release, and no other module may use it.
 */
final class ProcReader {

    private byte[] buffer = new byte[16 * 1024];

    /**
     * The whole file as ISO-8859-1 text (the kernel writes ASCII; a process name in another encoding keeps its
     * bytes, one character each).
     *
     * @throws IOException when the file cannot be read; a missing file is a {@link java.nio.file.NoSuchFileException}
     *                     or {@link java.io.FileNotFoundException}
     */
    String read(Path file) throws IOException {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
            return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
        }
    }
}
