package io.liteobs.runtime.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcParsersTest {

    @Test
    void pidStat_countsFieldsFromTheLastParenthesis() {
        ProcParsers.PidStat stat = ProcParsers.parsePidStat(
                "404 (my (odd) name) S 1 404 404 0 -1 4194560 50000 0 10 0 1080 120 0 0 20 0 20 0 8000 5000 777 0");

        assertEquals(404, stat.pid());
        assertEquals("my (odd) name", stat.name());
        assertEquals(1080, stat.userTicks());
        assertEquals(120, stat.systemTicks());
        assertEquals(1200, stat.cpuTicks());
        assertEquals(8000, stat.startTicks());
        assertEquals(777, stat.residentPages());
        assertNull(ProcParsers.parsePidStat("not a stat line"));
    }

    @Test
    void stat_withFewerColumns_leavesStealAtZero() {
        ProcParsers.CpuTimes cpu = ProcParsers.parseStat("cpu  5000 100 2000 90000 900 100 200\ncpu0 1 2 3 4\n"
                + "intr 1\n");

        assertEquals(5000, cpu.user());
        assertEquals(200, cpu.softirq());
        assertEquals(0, cpu.steal());
        assertEquals(1, cpu.cores());
        assertEquals(98300, cpu.total());
        assertThrows(IllegalArgumentException.class, () -> ProcParsers.parseStat("intr 1\n"));
    }

    @Test
    void meminfo_isInBytes_andMemAvailableMayBeMissing() {
        ProcParsers.MemInfo memory = ProcParsers.parseMeminfo("MemTotal:  1000 kB\nMemFree:    200 kB\n"
                + "Buffers:     10 kB\nCached:     300 kB\nSwapTotal:    0 kB\nSwapFree:     0 kB\n");

        assertEquals(1000 * 1024, memory.total());
        assertEquals(-1, memory.available());
        assertEquals(0, memory.reclaimableSlab());
        assertEquals(300 * 1024, memory.cached());
        assertThrows(IllegalArgumentException.class, () -> ProcParsers.parseMeminfo("MemFree: 1 kB\n"));
    }

    @Test
    void loadavg_andUptime() {
        ProcParsers.LoadAvg load = ProcParsers.parseLoadavg("0.83 0.95 0.68 3/109 18751\n");
        assertEquals(0.83, load.one());
        assertEquals(0.68, load.fifteen());
        assertEquals(3, load.runnable());
        assertEquals(109, load.entities());
        assertEquals(1791.85, ProcParsers.parseUptime("1791.85 2799.48\n"));
    }

    @Test
    void vmstat_oomKill_orMinusOneWhenAbsent() {
        assertEquals(7, ProcParsers.parseOomKills("pgfault 1\noom_kill 7\nfoo 2\n"));
        assertEquals(3, ProcParsers.parseOomKills("oom_kill 3\n"));
        assertEquals(-1, ProcParsers.parseOomKills("pgfault 1\n"));
    }

    @Test
    void mounts_decodeOctalEscapes_andDataMountsSkipPseudoFileSystems() {
        List<ProcParsers.Mount> mounts = ProcParsers.parseMounts("/dev/sda1 / ext4 rw 0 0\n"
                + "/dev/sdb1 /mnt/my\\040disk xfs rw 0 0\nproc /proc proc rw 0 0\ntmpfs /run tmpfs rw 0 0\n"
                + "/dev/sda1 /var/lib/docker/x ext4 rw 0 0\n");

        assertEquals("/mnt/my disk", mounts.get(1).mountPoint());
        assertEquals(List.of("/", "/mnt/my disk"), ProcParsers.dataMounts(mounts).stream()
                .map(ProcParsers.Mount::mountPoint).toList());
    }

    @Test
    void netDev_readsBothLayouts() {
        List<ProcParsers.NetDev> devices = ProcParsers.parseNetDev("Inter-|   Receive |  Transmit\n"
                + " face |bytes packets|bytes\n"
                + "  eth0: 100 2 3 4 0 0 0 0 500 6 7 8 0 0 0 0\n"
                + "  eth1:200 2 0 0 0 0 0 0 600 6 0 0 0 0 0 0\n");

        assertEquals(2, devices.size());
        assertEquals(100, devices.get(0).receivedBytes());
        assertEquals(3, devices.get(0).receiveErrors());
        assertEquals(4, devices.get(0).receiveDrops());
        assertEquals(500, devices.get(0).sentBytes());
        assertEquals(7, devices.get(0).sendErrors());
        assertEquals(8, devices.get(0).sendDrops());
        assertEquals("eth1", devices.get(1).name());
        assertEquals(200, devices.get(1).receivedBytes());
    }

    @Test
    void diskstats_readsModernAndSevenFieldLines() {
        List<ProcParsers.DiskStat> disks = ProcParsers.parseDiskstats(
                "   8       0 sda 1000 20 30000 400 500 10 8000 300 0 600 700\n   8       1 sda1 900 27000 450 7000\n"
                        + " bad line\n");

        assertEquals(2, disks.size());
        assertEquals(30000, disks.get(0).sectorsRead());
        assertEquals(8000, disks.get(0).sectorsWritten());
        assertEquals(600, disks.get(0).ioTicksMillis());
        assertEquals(27000, disks.get(1).sectorsRead());
        assertEquals(0, disks.get(1).ioTicksMillis());
    }

    @Test
    void statusKb_andCmdline() {
        assertEquals(2048 * 1024, ProcParsers.parseStatusKb("Name:\tjava\nVmRSS:\t    2048 kB\n", "VmRSS"));
        assertEquals(-1, ProcParsers.parseStatusKb("Name:\tkthreadd\n", "VmRSS"));
        assertEquals("java -jar a.jar", ProcParsers.parseCmdline("java\0-jar\0a.jar\0"));
        assertEquals("abc…", ProcParsers.cut("abcdefgh", 4));
        assertEquals("abcd", ProcParsers.cut("abcd", 4));
    }
}
