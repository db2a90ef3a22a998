package io.liteobs.runtime.host;

import io.liteobs.RedactionPolicy;
import io.liteobs.common.internal.LogSafe;
import io.liteobs.runtime.host.ProcParsers.PidStat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's busiest processes by CPU share and by resident memory, at a bounded cost per collection.
 *
 * <p>Reading {@code /proc/[pid]/stat} is what a host collection spends most on (about 9 µs a process, the kernel's
 * cost), so after the first ranking, which reads every process, a ranking reads at most {@code readsPerRanking}
 * of them: the processes of the last top lists every time, then processes not read yet (at most half of the
 * remaining reads, so that a host that keeps starting processes does not stall the rest), then the processes read
 * longest ago. A process's CPU share is taken between its own two latest readings; read once, it is its share
 * since it started, as ps reports it.
 *
 * <p>Names and command lines are another process's text, which its owner chose: control characters are escaped
 * (as {@link LogSafe} does), and a command line is read only when asked for, its secrets redacted first. Not
 * thread-safe: the collector serialises collections.
 */
final class ProcessRanking {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRanking.class);
    private static final int MAX_COMMAND_LENGTH = 200;

    private final Path procRoot;
    private final ProcReader reader;
    private final int top;
    private final int readsPerRanking;
    private final long pageSize;
    private final boolean commandLines;
    private final RedactionPolicy redaction;
    private final Map<Long, Sample> samples = new HashMap<>();
    private final Map<Long, Command> commands = new HashMap<>();
    private Set<Long> leaders = Set.of();
    private long rankings;

    /**
     * @param commandLines whether command lines are read
     * @param redaction    the policy that names and command lines pass through
     */
    ProcessRanking(Path procRoot, ProcReader reader, int top, int readsPerRanking, boolean commandLines,
                   RedactionPolicy redaction) {
        this.procRoot = procRoot;
        this.reader = reader;
        this.top = top;
        this.readsPerRanking = readsPerRanking;
        this.commandLines = commandLines;
        this.redaction = redaction;
        this.pageSize = detectPageSize(procRoot, reader);
    }

    /** The two top lists of one ranking, busiest first. */
    record Top(List<HostSnapshot.ProcessUsage> byCpu, List<HostSnapshot.ProcessUsage> byMemory) {
        static final Top NONE = new Top(List.of(), List.of());
    }

    /**
     * Reads processes and ranks every process known.
     *
     * @param systemTicks the ticks of all cores since boot, from /proc/stat, read in the same collection
     * @param cores       the cores those ticks are spread over
     * @param uptime      seconds since boot, or negative when unknown
     */
    Top rank(long systemTicks, int cores, double uptime) {
        String[] names = procRoot.toFile().list(); // names only: a Path per entry costs more than the listing
        if (names == null) {
            LOG.debug("Processes not listed in {}", procRoot);
            return Top.NONE;
        }
        rankings++;
        Set<Long> listed = new HashSet<>();
        for (String name : names) {
            if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                listed.add(Long.parseLong(name));
            }
        }
        samples.keySet().retainAll(listed);
        commands.keySet().retainAll(listed);

        for (long pid : toRead(listed)) {
            read(pid, systemTicks, cores, uptime);
        }
        if (samples.isEmpty()) {
            return Top.NONE;
        }
        List<Sample> byCpu = ranked(Comparator.comparingDouble(Sample::cpu));
        List<Sample> byMemory = ranked(Comparator.comparingLong(sample -> sample.stat().residentPages()));
        Set<Long> chosen = new LinkedHashSet<>();
        byCpu.forEach(sample -> chosen.add(sample.stat().pid()));
        byMemory.forEach(sample -> chosen.add(sample.stat().pid()));
        leaders = chosen;
        return new Top(usage(byCpu), usage(byMemory));
    }

    /** The processes this ranking reads, in that order: the leaders, new processes, the ones read longest ago. */
    private List<Long> toRead(Set<Long> listed) {
        if (rankings == 1) {
            return new ArrayList<>(listed);
        }
        List<Long> chosen = new ArrayList<>();
        for (long pid : leaders) {
            if (listed.contains(pid)) {
                chosen.add(pid);
            }
        }
        List<Long> unread = new ArrayList<>();
        List<Long> known = new ArrayList<>();
        for (long pid : listed) {
            if (!leaders.contains(pid)) {
                (samples.containsKey(pid) ? known : unread).add(pid);
            }
        }
        int left = Math.max(0, readsPerRanking - chosen.size());
        unread.sort(null);
        List<Long> newcomers = unread.subList(0, Math.min(unread.size(), Math.max(left / 2, left - known.size())));
        chosen.addAll(newcomers);
        left -= newcomers.size();
        known.sort(Comparator.comparingLong((Long pid) -> Objects.requireNonNull(samples.get(pid), "sampled").ranking())
                .thenComparing(pid -> pid));
        chosen.addAll(known.subList(0, Math.min(known.size(), left)));
        return chosen;
    }

    private void read(long pid, long systemTicks, int cores, double uptime) {
        PidStat stat;
        try {
            stat = ProcParsers.parsePidStat(reader.read(procRoot.resolve(pid + "/stat")));
        } catch (IOException e) {
            stat = null; // the process ended between listing and reading
        }
        if (stat == null) {
            samples.remove(pid);
            return;
        }
        Sample before = samples.get(pid);
        samples.put(pid, new Sample(stat, systemTicks, cpuShare(stat, before, systemTicks, cores, uptime), rankings));
    }

    private static double cpuShare(PidStat stat, @Nullable Sample before, long systemTicks, int cores, double uptime) {
        if (before != null && before.stat().startTicks() == stat.startTicks()) {
            long elapsed = systemTicks - before.systemTicks();
            return elapsed > 0 ? clamp((double) (stat.cpuTicks() - before.stat().cpuTicks()) / elapsed) : before.cpu();
        }
        // read for the first time (or its pid reused): since it started, as ps reports it
        double lifeTicks = uptime * HostMetricsCollector.USER_HZ - stat.startTicks();
        return lifeTicks > 0 ? clamp(stat.cpuTicks() / (lifeTicks * cores)) : 0;
    }

    private List<Sample> ranked(Comparator<Sample> order) {
        return samples.values().stream()
                .sorted(order.reversed().thenComparing(sample -> sample.stat().pid()))
                .limit(top)
                .toList();
    }

    private List<HostSnapshot.ProcessUsage> usage(List<Sample> ranked) {
        return ranked.stream()
                .map(sample -> new HostSnapshot.ProcessUsage(sample.stat().pid(), shown(sample.stat().name()),
                        command(sample.stat()), sample.cpu(), sample.stat().residentPages() * pageSize))
                .toList();
    }

    /**
     * The command line of a process, redacted and escaped, or empty when command lines are not read; read once per
     * process: /proc reads are what a collection costs.
     */
    private String command(PidStat stat) {
        if (!commandLines) {
            return "";
        }
        Command known = commands.get(stat.pid());
        if (known != null && known.startTicks() == stat.startTicks()) {
            return known.text();
        }
        String text = "[" + stat.name() + "]";
        try {
            String cmdline = ProcParsers.parseCmdline(reader.read(procRoot.resolve(stat.pid() + "/cmdline")));
            text = cmdline.isEmpty() ? text : cmdline;
        } catch (IOException e) {
            // ended meanwhile, or hidden: the name stands
        }
        // redacted whole, before it is cut, so that a cut cannot leave half a secret unrecognised
        String shown = ProcParsers.cut(shown(text), MAX_COMMAND_LENGTH);
        commands.put(stat.pid(), new Command(stat.startTicks(), shown));
        return shown;
    }

    /** Another process's text as it may be shown and stored: its secrets redacted, its control characters escaped. */
    private String shown(String text) {
        return LogSafe.text(redaction.redactText(text));
    }

    /**
     * The page size of resident memory in /proc/[pid]/stat: VmRSS of /proc/self/status over the resident pages of
     * /proc/self/statm, rounded to 4, 16 or 64 KiB; 4 KiB when they cannot be read (recorded snapshots).
     */
    private static long detectPageSize(Path procRoot, ProcReader reader) {
        try {
            long rss = ProcParsers.parseStatusKb(reader.read(procRoot.resolve("self/status")), "VmRSS");
            String[] statm = reader.read(procRoot.resolve("self/statm")).trim().split(" ");
            long pages = Long.parseLong(statm[1]);
            if (rss > 0 && pages > 0) {
                double bytesPerPage = (double) rss / pages;
                long best = 4096;
                for (long size : new long[] {16_384, 65_536}) {
                    if (Math.abs(Math.log((double) size / bytesPerPage)) < Math.abs(Math.log(best / bytesPerPage))) {
                        best = size;
                    }
                }
                return best;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Page size not detected under {}: {}", procRoot, e.toString());
        }
        return 4096;
    }

    private static double clamp(double ratio) {
        return Math.max(0, Math.min(1, ratio));
    }

    /** A process's latest reading: the system's ticks then, its CPU share since the reading before. */
    private record Sample(PidStat stat, long systemTicks, double cpu, long ranking) {
    }

    /** A command line read before, valid while the process with that id has the same start time. */
    private record Command(long startTicks, String text) {
    }
}
