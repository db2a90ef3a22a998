package io.liteobs.runtime.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the text of /proc files, as documented in proc(5), into raw figures: counters as the kernel keeps them,
 * memory in bytes. Lenient: a line that does not parse is skipped, a missing field is reported as -1, so that a
 * kernel with other columns degrades one figure, not the whole collection.
 *
 * <p>Internal to LiteObs runtime-metrics: it may change in any release, and no other module may use it.
 */
final class ProcParsers {

    /** File system types that hold no user data (or are always full, like squashfs): left out of disk usage. */
    static final Set<String> PSEUDO_FILE_SYSTEMS = Set.of("proc", "sysfs", "devtmpfs", "devpts", "tmpfs",
            "ramfs", "cgroup", "cgroup2", "securityfs", "pstore", "debugfs", "tracefs", "configfs", "fusectl",
            "mqueue", "hugetlbfs", "bpf", "autofs", "binfmt_misc", "rpc_pipefs", "nsfs", "efivarfs", "selinuxfs",
            "squashfs", "iso9660", "nfsd", "fuse.lxcfs", "fuse.gvfsd-fuse", "fuse.portal", "rootfs");

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern LINES = Pattern.compile("\n");

    private ProcParsers() {
    }

    /**
     * CPU time counters of the {@code cpu} line of /proc/stat, in clock ticks, and the number of {@code cpuN} lines.
     * Fields a kernel does not report (steal before 2.6.11) are 0.
     */
    record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
                           long steal, int cores) {

        /** Every tick counted once: guest time is already inside user and nice. */
        public long total() {
            return user + nice + system + idle + iowait + irq + softirq + steal;
        }
    }

    /** The three load averages and the scheduler's runnable and total entity counts (-1 when absent). */
    record LoadAvg(double one, double five, double fifteen, int runnable, int entities) {
    }

    /**
     * /proc/meminfo in bytes; {@code available} is -1 on kernels before 3.14, which have no MemAvailable line, and
     * {@code reclaimableSlab} is 0 when not listed.
     */
    record MemInfo(long total, long free, long available, long buffers, long cached, long reclaimableSlab,
                          long swapTotal, long swapFree) {
    }

    /** One line of /proc/diskstats: counters since boot; sectors are 512 bytes whatever the device. */
    record DiskStat(String device, long reads, long sectorsRead, long writes, long sectorsWritten,
                           long ioTicksMillis) {
    }

    /** One interface of /proc/net/dev: counters since boot. */
    record NetDev(String name, long receivedBytes, long receivedPackets, long receiveErrors, long receiveDrops,
                         long sentBytes, long sentPackets, long sendErrors, long sendDrops) {
    }

    /** One line of /proc/mounts. */
    record Mount(String device, String mountPoint, String fsType) {
    }

    /** The figures of /proc/[pid]/stat that rank processes: CPU ticks, start time in ticks, resident pages. */
    record PidStat(long pid, String name, long userTicks, long systemTicks, long startTicks,
                          long residentPages) {

        /** User and system ticks together. */
        public long cpuTicks() {
            return userTicks + systemTicks;
        }
    }

    /**
     * The aggregate {@code cpu} line and the count of per-CPU lines.
     *
     * @throws IllegalArgumentException when there is no {@code cpu} line
     */
    static CpuTimes parseStat(String text) {
        long[] fields = null;
        int cores = 0;
        int start = 0;
        while (start < text.length()) {
            int end = lineEnd(text, start);
            if (text.startsWith("cpu", start)) {
                if (text.startsWith("cpu ", start)) {
                    fields = longs(text, start + 4, end, 8);
                } else if (start + 3 < end && Character.isDigit(text.charAt(start + 3))) {
                    cores++;
                }
            } else if (fields != null) {
                break; // the cpu lines come first; nothing else is needed
            }
            start = end + 1;
        }
        if (fields == null) {
            throw new IllegalArgumentException("no 'cpu' line in /proc/stat");
        }
        return new CpuTimes(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7],
                Math.max(1, cores));
    }

    /**
     * /proc/loadavg: {@code 0.83 0.95 0.68 3/109 18751}.
     *
     * @throws IllegalArgumentException when the three averages are not there
     */
    static LoadAvg parseLoadavg(String text) {
        String[] parts = SPACES.split(text.trim());
        if (parts.length < 3) {
            throw new IllegalArgumentException("/proc/loadavg has " + parts.length + " fields: " + text);
        }
        int runnable = -1;
        int entities = -1;
        if (parts.length > 3) {
            int slash = parts[3].indexOf('/');
            if (slash > 0) {
                runnable = (int) parseLong(parts[3], 0, slash, -1);
                entities = (int) parseLong(parts[3], slash + 1, parts[3].length(), -1);
            }
        }
        return new LoadAvg(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]),
                runnable, entities);
    }

    /**
     * /proc/meminfo; values are kB in the file, bytes here.
     *
     * @throws IllegalArgumentException when MemTotal is missing
     */
    static MemInfo parseMeminfo(String text) {
        Map<String, Long> kb = new HashMap<>();
        int start = 0;
        while (start < text.length()) {
            int end = lineEnd(text, start);
            int colon = text.indexOf(':', start);
            if (colon > start && colon < end) {
                long value = firstLong(text, colon + 1, end);
                if (value >= 0) {
                    kb.put(text.substring(start, colon), value);
                }
            }
            start = end + 1;
        }
        Long total = kb.get("MemTotal");
        if (total == null) {
            throw new IllegalArgumentException("no MemTotal in /proc/meminfo");
        }
        return new MemInfo(total * 1024, bytes(kb, "MemFree"), kb.containsKey("MemAvailable")
                ? kb.get("MemAvailable") * 1024 : -1, bytes(kb, "Buffers"), bytes(kb, "Cached"),
                bytes(kb, "SReclaimable"), bytes(kb, "SwapTotal"), bytes(kb, "SwapFree"));
    }

    /** The {@code oom_kill} counter of /proc/vmstat (kernels from 4.13), or -1 when absent. */
    static long parseOomKills(String vmstat) {
        int at = vmstat.startsWith("oom_kill ") ? 0 : vmstat.indexOf("\noom_kill ");
        if (at < 0) {
            return -1;
        }
        int from = vmstat.indexOf(' ', at + 1) + 1;
        return firstLong(vmstat, from, lineEnd(vmstat, from));
    }

    /**
     * /proc/diskstats: 14 or more fields per line since 2.6.25; the 7-field partition lines of older kernels give
     * counts and sectors, without busy time.
     */
    static List<DiskStat> parseDiskstats(String text) {
        List<DiskStat> disks = new ArrayList<>();
        for (String line : LINES.split(text)) {
            String[] f = SPACES.split(line.trim());
            if (f.length >= 14) {
                disks.add(new DiskStat(f[2], parseLong(f[3]), parseLong(f[5]), parseLong(f[7]), parseLong(f[9]),
                        parseLong(f[12])));
            } else if (f.length == 7) {
                disks.add(new DiskStat(f[2], parseLong(f[3]), parseLong(f[4]), parseLong(f[5]), parseLong(f[6]), 0));
            }
        }
        return disks;
    }

    /** /proc/net/dev: two header lines, then {@code name: 8 receive counters, 8 transmit counters}. */
    static List<NetDev> parseNetDev(String text) {
        List<NetDev> interfaces = new ArrayList<>();
        for (String line : LINES.split(text)) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue;
            }
            String[] f = SPACES.split(line.substring(colon + 1).trim());
            if (f.length < 12) {
                continue;
            }
            interfaces.add(new NetDev(line.substring(0, colon).trim(), parseLong(f[0]), parseLong(f[1]),
                    parseLong(f[2]), parseLong(f[3]), parseLong(f[8]), parseLong(f[9]), parseLong(f[10]),
                    parseLong(f[11])));
        }
        return interfaces;
    }

    /** /proc/mounts (or /proc/self/mounts): device, mount point, type; octal escapes such as {@code \040} decoded. */
    static List<Mount> parseMounts(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : LINES.split(text)) {
            String[] f = SPACES.split(line.trim());
            if (f.length >= 3) {
                mounts.add(new Mount(unescape(f[0]), unescape(f[1]), f[2]));
            }
        }
        return mounts;
    }

    /**
     * The mounts that hold data: pseudo file systems left out, and each device once, at its shortest mount point
     * (bind mounts of one device would otherwise repeat it).
     */
    static List<Mount> dataMounts(List<Mount> mounts) {
        Map<String, Mount> byDevice = new java.util.LinkedHashMap<>();
        for (Mount mount : mounts) {
            if (PSEUDO_FILE_SYSTEMS.contains(mount.fsType())) {
                continue;
            }
            byDevice.merge(mount.device(), mount, (kept, other) ->
                    other.mountPoint().length() < kept.mountPoint().length() ? other : kept);
        }
        return new ArrayList<>(byDevice.values());
    }

    /**
     * /proc/[pid]/stat. The name is in parentheses and may itself hold spaces and parentheses, so the fields are
     * counted from the last {@code ')'}.
     *
     * @return the figures, or null when the text is not a stat line
     */
    static @Nullable PidStat parsePidStat(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 1 || close < open) {
            return null;
        }
        long pid = parseLong(text, 0, open - 1, -1);
        // after ") ": state(3) ppid(4) ... utime(14) stime(15) ... starttime(22) vsize(23) rss(24)
        long[] f = longs(text, close + 2, lineEnd(text, close + 2), 22);
        return new PidStat(pid, text.substring(open + 1, close), f[11], f[12], f[19], f[21]);
    }

    /** A {@code Key:   123 kB} figure of /proc/[pid]/status in bytes, or -1 when absent. */
    static long parseStatusKb(String status, String key) {
        int at = status.startsWith(key + ":") ? 0 : status.indexOf("\n" + key + ":");
        if (at < 0) {
            return -1;
        }
        int from = status.indexOf(':', at) + 1;
        long kb = firstLong(status, from, lineEnd(status, from));
        return kb < 0 ? -1 : kb * 1024;
    }

    /** The first number of /proc/uptime: seconds since boot. */
    static double parseUptime(String text) {
        String trimmed = text.trim();
        int space = trimmed.indexOf(' ');
        return Double.parseDouble(space < 0 ? trimmed : trimmed.substring(0, space));
    }

    /** A command line from /proc/[pid]/cmdline: NUL-separated arguments joined by spaces. */
    static String parseCmdline(String text) {
        return text.replace('\0', ' ').trim();
    }

    /** The text cut to {@code max} characters, an ellipsis last when it was longer. */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static long bytes(Map<String, Long> kb, String key) {
        Long value = kb.get(key);
        return value == null ? 0 : value * 1024;
    }

    private static int lineEnd(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end;
    }

    /**
     * Up to {@code count} whitespace-separated fields from {@code from} to {@code to}; fields that are missing or
     * not numbers (the state letter of a stat line) are 0.
     */
    private static long[] longs(String text, int from, int to, int count) {
        long[] values = new long[count];
        int field = 0;
        int i = from;
        while (i < to && field < count) {
            while (i < to && text.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < to && text.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                values[field++] = Math.max(0, parseLong(text, start, i, 0));
            }
        }
        return values;
    }

    private static long firstLong(String text, int from, int to) {
        int i = from;
        while (i < to && !Character.isDigit(text.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < to && Character.isDigit(text.charAt(i))) {
            i++;
        }
        return i > start ? parseLong(text, start, i, -1) : -1;
    }

    private static long parseLong(String text) {
        return parseLong(text, 0, text.length(), 0);
    }

    /** The decimal digits from {@code from} to {@code to}, or {@code otherwise} when there are none or others. */
    private static long parseLong(String text, int from, int to, long otherwise) {
        if (from >= to) {
            return otherwise;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return otherwise;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
