package io.liteobs.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JvmRuntimeTest {

    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    private final AtomicLong cpu = new AtomicLong();
    private final AtomicLong wall = new AtomicLong();

    private JvmRuntime.Sampler sampler() {
        return new JvmRuntime.Sampler(cpu::get, wall::get, () -> 1_000);
    }

    @Test
    void eachSampler_measuresCpuLoadSinceItsOwnPreviousSnapshot_whateverOthersTakeInBetween() {
        JvmRuntime.Sampler first = sampler();
        JvmRuntime.Sampler second = sampler();
        first.processCpuLoad();
        cpu.addAndGet(100 * PROCESSORS);
        wall.addAndGet(100);
        second.processCpuLoad();
        wall.addAndGet(100);
        assertEquals(0.5, first.processCpuLoad(), 1e-9, "busy for the first half of its window, idle after");
        assertEquals(0.0, second.processCpuLoad(), 1e-9, "idle since its own previous snapshot");
    }

    @Test
    void firstSnapshot_coversTheTimeSinceTheJvmStarted_andUnknownCpuTimeGivesNoLoad() {
        cpu.set(250L * PROCESSORS);
        assertEquals(0.25, sampler().processCpuLoad(), 1e-9);
        assertNull(new JvmRuntime.Sampler(() -> -1, wall::get, () -> 1_000).processCpuLoad());
    }

    @Test
    void realSnapshots_haveFiguresInRange() {
        JvmRuntime.Snapshot snapshot = JvmRuntime.sampler().snapshot();
        assertTrue(snapshot.liveThreads() > 0);
        assertTrue(snapshot.heapUsed() > 0);
        Double load = snapshot.processCpuLoad();
        assertNotNull(load);
        assertTrue(load >= 0 && load <= 1, String.valueOf(load));
        assertNotNull(JvmRuntime.snapshot(), "the process-wide sampler still works");
    }
}
