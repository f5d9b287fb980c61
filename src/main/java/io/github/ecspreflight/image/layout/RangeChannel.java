package io.github.ecspreflight.image.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only view of {@code size} bytes of a file channel starting at {@code start}: one entry of an uncompressed
 * archive. It reads with positional reads, so several views share the archive's channel without moving its position,
 * and closing a view leaves the archive open.
 */
final class RangeChannel implements SeekableByteChannel {

    private final FileChannel file;
    private final long start;
    private final long size;
    private long position;
    private boolean open = true;

    RangeChannel(FileChannel file, long start, long size) {
        this.file = file;
        this.start = start;
        this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        int wanted = (int) Math.min(dst.remaining(), size - position);
        if (wanted == 0) {
            return 0;
        }
        ByteBuffer window = dst.slice();
        window.limit(wanted);
        int read = file.read(window, start + position);
        if (read < 0) {
            // The archive ends before the entry does: it was cut short after it was opened.
            return -1;
        }
        dst.position(dst.position() + read);
        position += read;
        return read;
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
        return open && file.isOpen();
    }

    @Override
    public void close() {
        open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }
}
