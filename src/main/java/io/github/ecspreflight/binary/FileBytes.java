package io.github.ecspreflight.binary;

import java.io.IOException;
import java.util.Arrays;

/**
 * Exact-length reads over a {@link ByteRange}, separating the two ways a read can come up short:
 * the range lies beyond the end of the file (the file is truncated), or the source does not hold those
 * bytes although the file does (only a prefix was kept).
 */
final class FileBytes {

    private final ByteRange range;

    FileBytes(ByteRange range) {
        this.range = range;
    }

    long size() {
        return range.size();
    }

    /** Whether {@code [offset, offset + length)} lies inside the file; false for negative (huge unsigned) values. */
    boolean contains(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size() && length <= size() - offset;
    }

    /** Exactly {@code length} bytes at {@code offset}, or null when the source does not hold all of them. */
    byte[] readExactly(long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length) {
            int n = range.read(offset + done, bytes, done, length - done);
            if (n <= 0) {
                return null;
            }
            done += n;
        }
        return bytes;
    }

    /** Up to {@code length} bytes from the start of the file: fewer when the file or the source ends first. */
    byte[] readHead(int length) throws IOException {
        int wanted = (int) Math.min(length, size());
        byte[] bytes = new byte[wanted];
        int done = 0;
        while (done < wanted) {
            int n = range.read(done, bytes, done, wanted - done);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done == wanted ? bytes : Arrays.copyOf(bytes, done);
    }
}
