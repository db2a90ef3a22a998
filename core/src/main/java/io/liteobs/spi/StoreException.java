package io.liteobs.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A store operation that failed. Its {@link Kind} tells the writer what to do: wait and try again, or write the
 * batch's entries one by one to find the ones the store will not take.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure this is. */
    public enum Kind {
        /**
         * The store cannot write now but may later: locked by another process, disk full, read-only, an I/O
         * error. The same batch is tried again.
         */
        UNAVAILABLE,
        /** The store refused the content of an entry; other entries of the batch may be fine. */
        REJECTED_DATA,
        /**
         * The store cannot use its file at all: not a database, or written by a newer version. Retrying does not
         * help; the message says what to do.
         */
        INCOMPATIBLE,
        /** The store is closed. */
        CLOSED
    }

    private final Kind kind;

    /**
     * @param kind    what kind of failure; never null
     * @param message what failed, naming the store
     * @param cause   the underlying exception; may be null
     */
    public StoreException(Kind kind, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * What kind of failure this is.
     *
     * @return what kind of failure this is
     */
    public Kind kind() {
        return kind;
    }
}
