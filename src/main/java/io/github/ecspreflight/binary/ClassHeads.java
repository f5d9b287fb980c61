package io.github.ecspreflight.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the first eight bytes of class entries of one jar with one read each: the local file header and the start of
 * the entry's data together, inflated by one reused {@link Inflater}. A jar of a big application lists tens of
 * thousands of classes, and a stream per entry (a local-header read, a data read, a native inflater set up and torn
 * down) costs several times more. An entry this cannot read in one go (a long extra field, a deflate block header
 * longer than the read) is left to the caller's stream.
 */
final class ClassHeads {

    /** Magic, minor and major version (JVMS 4.1). */
    static final int HEAD = 8;

    /** The local header (30 bytes and the name) and enough deflated bytes for any dynamic block header seen in jars. */
    private static final int READ = 1024;

    private static final int LOCAL_HEADER = 30;
    private static final int LOCAL_SIGNATURE = 0x04034b50;

    private final SeekableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] head = new byte[HEAD];
    private Inflater inflater;

    ClassHeads(SeekableByteChannel channel) {
        this.channel = channel;
    }

    /**
     * The entry's class-file major version; 0 when it is no class file; -1 when it cannot be read in one go.
     */
    int majorVersion(CentralDirectory.Entry entry) throws IOException {
        int method = entry.method();
        if (method != CentralDirectory.Entry.STORED && method != CentralDirectory.Entry.DEFLATED) {
            return -1;
        }
        buffer.clear();
        channel.position(entry.localHeader());
        while (buffer.hasRemaining() && channel.read(buffer) > 0) {
            // a slice of a layer may return less than asked
        }
        int length = buffer.position();
        if (length < LOCAL_HEADER || buffer.getInt(0) != LOCAL_SIGNATURE) {
            return -1;
        }
        int data = LOCAL_HEADER + (buffer.getShort(26) & 0xffff) + (buffer.getShort(28) & 0xffff);
        if (method == CentralDirectory.Entry.STORED) {
            return data + HEAD <= length ? majorVersion(buffer.array(), data, Math.min(HEAD, entry.size())) : -1;
        }
        if (data >= length) {
            return -1;
        }
        if (inflater == null) {
            inflater = new Inflater(true); // raw deflate, as zip stores it
        } else {
            inflater.reset();
        }
        inflater.setInput(buffer.array(), data, length - data);
        try {
            int inflated = 0;
            while (inflated < HEAD && !inflater.finished()) {
                int n = inflater.inflate(head, inflated, HEAD - inflated);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return inflater.finished() ? majorVersion(head, 0, inflated) : -1;
                }
                inflated += n;
            }
            return majorVersion(head, 0, inflated);
        } catch (DataFormatException e) {
            return -1; // the caller's stream says what is wrong
        }
    }

    /** Frees the native inflater. */
    void end() {
        if (inflater != null) {
            inflater.end();
        }
    }

    /** The major version in a class file's first bytes, 0 when they are not a class file's. */
    static int majorVersion(byte[] bytes, int offset, long length) {
        if (length < HEAD
                || (bytes[offset] & 0xff) != 0xCA
                || (bytes[offset + 1] & 0xff) != 0xFE
                || (bytes[offset + 2] & 0xff) != 0xBA
                || (bytes[offset + 3] & 0xff) != 0xBE) {
            return 0;
        }
        return ((bytes[offset + 6] & 0xff) << 8) | (bytes[offset + 7] & 0xff);
    }
}
