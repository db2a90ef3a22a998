package io.liteobs.http;

import org.jspecify.annotations.Nullable;

/** A request the handler refuses, with the status to answer and a message for the client that names the fix. */
final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequestException(int status, @Nullable String message) {
        super(message != null ? message : "bad request", null, false, false);
        this.status = status;
    }

    /** A 400 Bad Request. */
    static BadRequestException badParameter(@Nullable String message) {
        return new BadRequestException(400, message);
    }

    @Override
    public String getMessage() {
        return java.util.Objects.requireNonNull(super.getMessage());
    }

    int status() {
        return status;
    }
}
