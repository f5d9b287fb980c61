package io.github.ecspreflight.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel that reads its source a window at a time and serves the small reads that fall inside the
 * window from memory. commons-compress's {@code ZipFile} reads a central directory record in three or four small
 * reads (the fixed part, the name, the extra field, the comment): over a file or a slice of a layer each is a system
 * call, and for a jar of tens of thousands of classes those calls cost more than all else. Closing it closes the
 * source.
 */
final class ReadAheadChannel implements SeekableByteChannel {

    static final int WINDOW = 16 * 1024;

    private final SeekableByteChannel source;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
    /** Where in the source the window starts; its valid bytes are [0, window.limit()). */
    private long windowStart = -1;

    private long position;
    private final long size;

    ReadAheadChannel(SeekableByteChannel source) throws IOException {
        this.source = source;
        this.size = source.size();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        if (dst.remaining() >= WINDOW) {
            // a large read gains nothing from the window
            source.position(position);
            int read = source.read(dst);
            if (read > 0) {
                position += read;
            }
            return read;
        }
        if (windowStart < 0 || position < windowStart || position >= windowStart + window.limit()) {
            fill();
            if (window.limit() == 0) {
                return -1;
            }
        }
        int offset = (int) (position - windowStart);
        int n = Math.min(dst.remaining(), window.limit() - offset);
        dst.put(window.array(), offset, n);
        position += n;
        return n;
    }

    private void fill() throws IOException {
        window.clear();
        source.position(position);
        while (window.hasRemaining() && source.read(window) > 0) {
            // fill what the source has
        }
        window.flip();
        windowStart = position;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return source.isOpen();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }
}
