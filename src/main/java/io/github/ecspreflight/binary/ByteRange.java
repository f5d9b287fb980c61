package io.github.ecspreflight.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * Random access to the bytes of one file, so that the sniffer can read an ELF file's program headers and
 * PT_INTERP string wherever {@code e_phoff} and {@code p_offset} put them, not only in the first bytes.
 *
 * <p>{@link #size()} is the size of the whole file. A source may hold fewer bytes than that (see
 * {@link #ofPrefix}); reads past what it holds return fewer bytes, and the sniffer then reports what it could
 * not see (for example {@link ElfExecutable.Linkage#UNKNOWN}) instead of calling the file truncated.
 */
public interface ByteRange {

    /**
     * Reads up to {@code len} bytes of the file starting at {@code offset} into {@code buf[off..]}.
     *
     * @return the number of bytes read, fewer than {@code len} only where the available bytes end;
     *     0 or -1 when none are available at {@code offset}
     */
    int read(long offset, byte[] buf, int off, int len) throws IOException;

    /** The size of the whole file in bytes. */
    long size();

    /** The complete content of a file. */
    static ByteRange of(byte[] content) {
        return ofPrefix(content, content.length);
    }

    /**
     * The first bytes of a file of {@code fileSize} bytes, as read by a caller that keeps only a head (say the
     * first 4096 bytes of a layer entry).
     */
    static ByteRange ofPrefix(byte[] head, long fileSize) {
        Objects.requireNonNull(head, "head");
        if (fileSize < head.length) {
            throw new IllegalArgumentException(
                    "fileSize " + fileSize + " is smaller than the " + head.length + " bytes given");
        }
        return new ByteRange() {
            @Override
            public int read(long offset, byte[] buf, int off, int len) {
                if (offset < 0 || offset >= head.length) {
                    return -1;
                }
                int n = (int) Math.min(len, head.length - offset);
                System.arraycopy(head, (int) offset, buf, off, n);
                return n;
            }

            @Override
            public long size() {
                return fileSize;
            }
        };
    }

    /** A file opened for reading, for example with {@code Files.newByteChannel(path)}; the caller closes it. */
    static ByteRange of(SeekableByteChannel channel) throws IOException {
        Objects.requireNonNull(channel, "channel");
        long size = channel.size();
        return new ByteRange() {
            @Override
            public int read(long offset, byte[] buf, int off, int len) throws IOException {
                channel.position(offset);
                ByteBuffer target = ByteBuffer.wrap(buf, off, len);
                while (target.hasRemaining() && channel.read(target) > 0) {
                    // a channel may return fewer bytes than asked for before its end
                }
                int n = target.position() - off;
                return n == 0 && len > 0 ? -1 : n;
            }

            @Override
            public long size() {
                return size;
            }
        };
    }
}
