package io.liteobs.internal;

/**
 * Strings a recorder has already found valid, remembered by identity, so that a caller recording the same name
 * over and over (a constant, as names nearly always are) pays for its validation once: a hit costs the string's
 * cached hash and one array read. A string is found again only if it is the very same object, so a string equal to
 * a remembered one but made anew is checked again, which is always correct.
 *
 * <p>Thread-safe without locks: slots are written and read racily, which is safe because a {@link String} is
 * immutable and safely published by its final fields, and a lost or overwritten slot only means one more check.
 * Bounded: {@value #SLOTS} slots, one string each; a string whose slot another took is checked again.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
public final class CheckedStrings {

    static final int SLOTS = 256;

    private final String[] slots = new String[SLOTS];

    /** Whether this very string was {@linkplain #add added} and still holds its slot. */
    public boolean contains(String text) {
        return slots[slot(text)] == text;
    }

    /** Remembers a string found valid. */
    public void add(String text) {
        slots[slot(text)] = text;
    }

    private static int slot(String text) {
        int hash = text.hashCode();
        // the high bits spread over the slots, so that names differing only at their end do not all collide
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }
}
