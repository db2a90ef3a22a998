package io.liteobs.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void format_ratiosBytesAndCounts() {
        assertEquals("95.0%", Format.value(0.95, "ratio"));
        assertEquals("1.5 GiB", Format.value(1.5 * 1024 * 1024 * 1024, "bytes"));
        assertEquals("512 B", Format.bytes(512));
        assertEquals("5.0 MiB/s", Format.value(5 * 1024 * 1024, "bytes/s"));
        assertEquals("120 threads", Format.value(120, "threads"));
        assertEquals("6.10", Format.number(6.1));
        assertEquals("unknown", Format.value(Double.NaN, "ratio"));
    }
}
