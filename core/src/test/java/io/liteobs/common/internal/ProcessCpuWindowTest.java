package io.liteobs.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProcessCpuWindowTest {

    private static final double EPSILON = 1e-9;
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private final AtomicLong cpu = new AtomicLong();
    private final AtomicLong wall = new AtomicLong();

    /** A window on two cores starting at CPU 0 and the given clock reading. */
    private ProcessCpuWindow twoCoresFrom(long startWallNanos) {
        return new ProcessCpuWindow(cpu::get, wall::get, () -> 2, ONE_SECOND.toNanos(), 0, startWallNanos);
    }

    private void at(double wallSeconds, double cpuSeconds) {
        wall.set(Math.round(wallSeconds * TimeUnit.SECONDS.toNanos(1)));
        cpu.set(Math.round(cpuSeconds * TimeUnit.SECONDS.toNanos(1)));
    }

    @Test
    void shareAndRestart_measuresFromTheStart_thenFromEachRestart() {
        ProcessCpuWindow window = twoCoresFrom(0);

        at(10, 5);
        assertEquals(0.25, window.shareAndRestart(), EPSILON, "5 s of CPU in 10 s on 2 cores");
        at(20, 25);
        assertEquals(1.0, window.shareAndRestart(), EPSILON, "20 s of CPU in the 10 s since the restart");
    }

    @Test
    void shareSoFar_leavesTheWindowAsItIs() {
        ProcessCpuWindow window = twoCoresFrom(0);
        at(10, 5);
        window.shareAndRestart();

        at(20, 25);
        assertEquals(1.0, window.shareSoFar(), EPSILON);
        assertEquals(1.0, window.shareSoFar(), EPSILON, "asked twice, the same window");
        at(30, 25);
        assertEquals(0.5, window.shareAndRestart(), EPSILON, "20 s of CPU over the 20 s since the last restart");
    }

    @Test
    void windowUnderASecond_keepsThePreviousFigure_andGoesOn() {
        ProcessCpuWindow window = twoCoresFrom(0);
        at(10, 5);
        window.shareAndRestart();

        at(10.5, 6);
        assertEquals(0.25, window.shareSoFar(), EPSILON);
        assertEquals(0.25, window.shareAndRestart(), EPSILON, "half a second says nothing");
        at(11, 7);
        assertEquals(1.0, window.shareAndRestart(), EPSILON, "the window still starts at 10 s");
    }

    @Test
    void clockReadingsOfZeroAndBelow_areOrdinaryReadings() {
        ProcessCpuWindow window = twoCoresFrom(TimeUnit.SECONDS.toNanos(-10));

        at(0, 5);
        assertEquals(0.25, window.shareAndRestart(), EPSILON);
        at(2, 9);
        assertEquals(1.0, window.shareAndRestart(), EPSILON, "a window that started at nanoTime 0");
    }

    @Test
    void firstWindowUnderASecond_orNoCpuTime_isUnknown() {
        ProcessCpuWindow window = twoCoresFrom(0);
        at(0.5, 0.1);
        assertTrue(Double.isNaN(window.shareSoFar()));

        cpu.set(-1);
        wall.set(TimeUnit.SECONDS.toNanos(5));
        assertTrue(Double.isNaN(window.shareAndRestart()), "the JVM cannot tell its CPU time");
    }

    @Test
    void sinceJvmStart_readsThisProcess() {
        double share = ProcessCpuWindow.sinceJvmStart(ONE_SECOND).shareSoFar();

        assertTrue(Double.isNaN(share) || share > 0 && share <= 1, "share " + share);
    }
}
