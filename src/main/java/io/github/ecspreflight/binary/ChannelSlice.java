package io.github.ecspreflight.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only view of {@code size} bytes of a channel starting at {@code start}: one entry of an uncompressed tar (a
 * layer in an archive, a jar in a layer) or of a jar (a Spring Boot jar's stored {@code BOOT-INF/lib} jar). Over a
 * {@link FileChannel} it reads with positional reads, so several views share one channel without moving its position;
 * over any other channel it seeks before each read, so views of it are used one at a time. Closing a view leaves the
 * channel open.
 */
public final class ChannelSlice implements SeekableByteChannel {

    private final SeekableByteChannel channel;
    private final long start;
    private final long size;
    private long position;
    private boolean open = true;

    public ChannelSlice(SeekableByteChannel channel, long start, long size) {
        if (start < 0 || size < 0) {
            throw new IllegalArgumentException("a slice at " + start + " of " + size + " bytes");
        }
        this.channel = channel;
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
        int read;
        if (channel instanceof FileChannel file) {
            read = file.read(window, start + position);
        } else {
            channel.position(start + position);
            read = channel.read(window);
        }
        if (read < 0) {
            // The channel ends before the slice does: it was cut short after the slice was made.
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
        return open && channel.isOpen();
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
