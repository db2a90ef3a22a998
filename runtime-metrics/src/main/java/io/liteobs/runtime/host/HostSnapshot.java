package io.liteobs.runtime.host;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one collection of {@link HostMetricsCollector} read: CPU, load, memory, disks, network, OOM kills and the
 * busiest processes. A plain, immutable value; memory and disk figures are bytes, utilisations are ratios from 0
 * to 1, counters are increments over {@link #interval()}.
 *
 * <p>Counters (CPU time, disk and network traffic, OOM kills) are read as differences between two collections.
 * The first collection has no previous one: like the first line of {@code vmstat}, it reports averages and totals
 * since boot, and {@link #baseline()} is true.
 *
 * <p>On a machine without /proc ({@link Status#UNAVAILABLE}) every figure is null or empty and
 * {@link #reason()} says why.
 *
 * @param status          whether the host could be read
 * @param reason          why it could not be read; null when available
 * @param timestampMillis when the collection ran, epoch milliseconds
 * @param interval        the time the counters cover: since the previous collection, or since boot
 * @param baseline        whether this is the first collection, whose counters cover the time since boot
 * @param cpu             CPU utilisation; null when unavailable
 * @param load            load averages; null when unavailable
 * @param memory          memory and swap; null when unavailable
 * @param disks           usage per mounted file system, pseudo file systems left out
 * @param diskIo          traffic per block device (whole disks, not partitions; device-mapper and md devices
 *                        too, which count again the I/O of the disks under them: do not add devices up)
 * @param network         traffic per network interface, loopback left out
 * @param oomKills        processes the kernel killed for lack of memory over the interval; -1 when the kernel
 *                        does not count them (before 4.13)
 * @param topByCpu        the processes using the most CPU over the interval, busiest first
 * @param topByMemory     the processes with the largest resident memory, largest first
 */
public record HostSnapshot(Status status, @Nullable String reason, long timestampMillis, Duration interval,
                           boolean baseline, @Nullable Cpu cpu, @Nullable Load load, @Nullable Memory memory,
                           List<Disk> disks, List<DiskIo> diskIo, List<NetworkInterface> network, long oomKills,
                           List<ProcessUsage> topByCpu, List<ProcessUsage> topByMemory) {

    /** Whether the host could be read. */
    public enum Status {
        /** The figures were read from /proc. */
        AVAILABLE,
        /** There is no /proc to read (macOS, Windows) or it cannot be read; nothing is collected. */
        UNAVAILABLE
    }

    /**
     * Copies the lists; requires a status, an interval and, when available, cpu, load and memory.
     *
     * @param status whether the host could be read
     * @param reason why it could not be read; null when available
     * @param timestampMillis when the collection ran, epoch milliseconds
     * @param interval the time the counters cover: since the previous collection, or since boot
     * @param baseline whether this is the first collection, whose counters cover the time since boot
     * @param cpu CPU utilisation; null when unavailable
     * @param load load averages; null when unavailable
     * @param memory memory and swap; null when unavailable
     * @param disks usage per mounted file system, pseudo file systems left out
     * @param diskIo traffic per block device (whole disks, not partitions; device-mapper and md devices too, which
     *     count again the I/O of the disks under them: do not add devices up)
     * @param network traffic per network interface, loopback left out
     * @param oomKills processes the kernel killed for lack of memory over the interval; -1 when the kernel does not
     *     count them (before 4.13)
     * @param topByCpu the processes using the most CPU over the interval, busiest first
     * @param topByMemory the processes with the largest resident memory, largest first
     */
    public HostSnapshot {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(interval, "interval");
        disks = List.copyOf(disks);
        diskIo = List.copyOf(diskIo);
        network = List.copyOf(network);
        topByCpu = List.copyOf(topByCpu);
        topByMemory = List.copyOf(topByMemory);
        if (status == Status.AVAILABLE) {
            Objects.requireNonNull(cpu, "cpu");
            Objects.requireNonNull(load, "load");
            Objects.requireNonNull(memory, "memory");
        } else {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The snapshot of a host that cannot be read, saying why.
     *
     * @param reason why it could not be read; null when available
     * @param timestampMillis when the collection ran, epoch milliseconds
     * @return the snapshot of a host that cannot be read, saying why
     */
    public static HostSnapshot unavailable(String reason, long timestampMillis) {
        return new HostSnapshot(Status.UNAVAILABLE, reason, timestampMillis, Duration.ZERO, true, null, null, null,
                List.of(), List.of(), List.of(), -1, List.of(), List.of());
    }

    /**
     * Whether the host could be read.
     *
     * @return whether the host could be read
     */
    public boolean available() {
        return status == Status.AVAILABLE;
    }

    /**
     * The CPU utilisation of a snapshot that was read.
     *
     * @return the CPU utilisation of a snapshot that was read
     * @throws IllegalStateException when the host could not be read ({@link #available()} is false)
     */
    public Cpu requireCpu() {
        return require(cpu, "CPU");
    }

    /**
     * The load averages of a snapshot that was read.
     *
     * @return the load averages of a snapshot that was read
     * @throws IllegalStateException when the host could not be read ({@link #available()} is false)
     */
    public Load requireLoad() {
        return require(load, "load");
    }

    /**
     * The memory and swap of a snapshot that was read.
     *
     * @return the memory and swap of a snapshot that was read
     * @throws IllegalStateException when the host could not be read ({@link #available()} is false)
     */
    public Memory requireMemory() {
        return require(memory, "memory");
    }

    private <T> T require(@Nullable T figures, String what) {
        if (figures == null) {
            throw new IllegalStateException("no " + what + " figures: the host could not be read (" + reason
                    + "); check available() first");
        }
        return figures;
    }

    /**
     * The fullest file system, or null when none is listed.
     *
     * @return the fullest file system, or null when none is listed
     */
    public @Nullable Disk fullestDisk() {
        Disk fullest = null;
        for (Disk disk : disks) {
            if (fullest == null || disk.utilization() > fullest.utilization()) {
                fullest = disk;
            }
        }
        return fullest;
    }

    /**
     * CPU time over the interval as ratios of all cores' time: {@code total} is everything but idle and iowait;
     * {@code user} includes nice, {@code system} includes irq and softirq.
     *
     * @param cores   logical CPUs
     * @param total   busy
     * @param user    running user code
     * @param system  running the kernel, interrupts included
     * @param iowait  idle while waiting for disk I/O
     * @param steal   wanted but taken by the hypervisor for other guests
     */
    public record Cpu(int cores, double total, double user, double system, double iowait, double steal) {
    }

    /**
     * Load averages: runnable and uninterruptible tasks, averaged over 1, 5 and 15 minutes.
     *
     * @param one      the one-minute average
     * @param five     the five-minute average
     * @param fifteen  the fifteen-minute average
     * @param runnable tasks runnable now; -1 when not reported
     * @param tasks    scheduling entities (processes and threads) that exist; -1 when not reported
     */
    public record Load(double one, double five, double fifteen, int runnable, int tasks) {
    }

    /**
     * Memory and swap, in bytes.
     *
     * @param total              physical memory
     * @param available          memory available for new work without swapping: MemAvailable, or on kernels
     *                           before 3.14 the estimate MemFree + Buffers + Cached + SReclaimable
     * @param availableEstimated whether {@code available} is that estimate
     * @param free               memory not used at all
     * @param swapTotal          swap space
     * @param swapFree           swap space not used
     */
    public record Memory(long total, long available, boolean availableEstimated, long free, long swapTotal,
                         long swapFree) {

        /**
         * Memory not available: total minus available.
         *
         * @return memory not available
         */
        public long used() {
            return Math.max(0, total - available);
        }

        /**
         * {@link #used()} over total, from 0 to 1.
         *
         * @return {@link #used()} over total, from 0 to 1
         */
        public double utilization() {
            return total <= 0 ? 0 : (double) used() / total;
        }

        /**
         * Swap in use.
         *
         * @return swap in use
         */
        public long swapUsed() {
            return Math.max(0, swapTotal - swapFree);
        }

        /**
         * Swap in use over swap space, from 0 to 1; 0 without swap.
         *
         * @return swap in use over swap space, from 0 to 1
         */
        public double swapUtilization() {
            return swapTotal <= 0 ? 0 : (double) swapUsed() / swapTotal;
        }
    }

    /**
     * One mounted file system.
     *
     * @param mountPoint where it is mounted
     * @param device     the device, as /proc/mounts names it
     * @param type       the file system type
     * @param total      its size
     * @param used       space in use
     * @param available  space an unprivileged process may still use (blocks reserved for root left out)
     */
    public record Disk(String mountPoint, String device, String type, long total, long used, long available) {

        /**
         * Used over used plus available, as {@code df} reports it: 1 when unprivileged writes fail.
         *
         * @return used over used plus available, as {@code df} reports it
         */
        public double utilization() {
            long usable = used + available;
            return usable <= 0 ? 0 : (double) used / usable;
        }
    }

    /**
     * Traffic of one block device over the interval.
     *
     * @param device       the device name, such as {@code sda} or {@code nvme0n1}
     * @param readBytes    bytes read
     * @param writtenBytes bytes written
     * @param reads        read operations completed
     * @param writes       write operations completed
     * @param busy         the share of the interval with I/O in progress, from 0 to 1 ({@code %util} of
     *                     {@code iostat})
     */
    public record DiskIo(String device, long readBytes, long writtenBytes, long reads, long writes, double busy) {
    }

    /**
     * Traffic of one network interface over the interval.
     *
     * @param name          the interface
     * @param receivedBytes bytes received
     * @param sentBytes     bytes sent
     * @param receiveErrors receive errors
     * @param sendErrors    transmit errors
     * @param receiveDrops  packets dropped on receipt
     * @param sendDrops     packets dropped on transmit
     */
    public record NetworkInterface(String name, long receivedBytes, long sentBytes, long receiveErrors,
                                   long sendErrors, long receiveDrops, long sendDrops) {
    }

    /**
     * One process among the busiest.
     *
     * @param pid           the process id
     * @param name          the command name (at most 15 characters, as the kernel keeps it), redacted and escaped
     * @param command       the command line, redacted, escaped and cut to 200 characters, the name in brackets
     *                      for kernel threads; empty unless {@link HostMetricsCollector.Builder#commandLines(boolean)
     *                      command lines} are read
     * @param cpu           its CPU time over the interval as a share of all cores, from 0 to 1
     * @param residentBytes its resident memory
     */
    public record ProcessUsage(long pid, String name, String command, double cpu, long residentBytes) {
    }
}
