package io.liteobs.instrumentation.jdkhttp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes of a response body as the handler writes them, chunked responses included. */
final class CountingOutputStream extends FilterOutputStream {

    private long count;

    CountingOutputStream(OutputStream body) {
        super(body);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        // FilterOutputStream would write byte by byte
        out.write(bytes, offset, length);
        count += length;
    }

    /** The bytes written so far. */
    long count() {
        return count;
    }
}
