package io.liteobs.runtime.health;

/** What explain mode can explain. */
public enum Resource {
    /** The host's CPU: utilisation by mode, load, the busiest processes. */
    CPU,
    /** The host's memory and swap: availability, OOM kills, the largest processes. */
    MEMORY,
    /** File systems and block devices: space, how fast it fills, how busy each device is. */
    DISK,
    /** Network interfaces: traffic, errors, drops. */
    NETWORK,
    /** This JVM: heap, GC overhead, heap after GC, threads and thread pools. */
    JVM
}
