package io.liteobs.runtime;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The live threads of a name, to tell which ones a piece of code started. */
public final class Threads {

    private Threads() {
    }

    /** The live threads called {@code name}, in a set the caller may change. */
    public static Set<Thread> named(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .collect(Collectors.toCollection(HashSet::new));
    }
}
