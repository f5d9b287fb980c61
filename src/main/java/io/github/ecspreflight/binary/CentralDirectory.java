package io.github.ecspreflight.binary;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The central directory of a zip (a jar), read in one piece from the end of the file as a JVM's zip reader reads it:
 * the end record (and its zip64 form), then every entry's name, method, sizes and local header offset. Only these are
 * decoded; extra fields other than zip64's are skipped, names are decoded as UTF-8.
 *
 * <p>Why not commons-compress's {@code ZipFile}: it builds a full entry (extra fields parsed, a name map, several small
 * reads per record) for every entry, which for the 40,000 classes of a Spring Boot application's 200 jars costs about
 * 650 ms in a fresh JVM, as a Maven build is; reading the directory in one piece and decoding four fields costs about
 * 50 ms. The rest of the jar (manifest, nested jars) is read through the same entries.
 */
final class CentralDirectory {

    /**
     * One entry.
     *
     * @param localHeader where its local file header starts in the channel (a prefix before the zip, such as a
     *     launch script, already counted)
     */
    record Entry(String name, int method, long compressedSize, long size, long localHeader) {

        static final int STORED = 0;
        static final int DEFLATED = 8;

        boolean isDirectory() {
            return name.endsWith("/");
        }
    }

    private static final int END = 0x06054b50;
    private static final int END_SIZE = 22;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_LOCATOR_SIZE = 20;
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_END_SIZE = 56;
    private static final int RECORD = 0x02014b50;
    private static final int RECORD_SIZE = 46;
    private static final int MAX_COMMENT = 0xffff;
    private static final long MAGIC_32 = 0xffffffffL;
    private static final int MAGIC_16 = 0xffff;

    /** A directory larger than this is refused: 1,000,000 entries of long names fit in it. */
    static final int MAX_SIZE = 256 << 20;

    private CentralDirectory() {}

    /**
     * The entries of the zip in {@code channel}, in the order of their local headers.
     *
     * @throws UnreadableJarException when there is no end record, or the directory does not fit the file
     */
    static List<Entry> read(SeekableByteChannel channel, int maxEntries) throws IOException, UnreadableJarException {
        long size = channel.size();
        if (size < END_SIZE) {
            throw new UnreadableJarException("not a readable jar (" + size + " bytes, too short for a zip)");
        }
        int tailLength = (int) Math.min(size, END_SIZE + MAX_COMMENT + ZIP64_LOCATOR_SIZE);
        ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
        int end = -1;
        for (int i = tailLength - END_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == END) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new UnreadableJarException("not a readable jar (no zip end-of-central-directory record)");
        }
        long endAt = size - tailLength + end;
        long count = tail.getShort(end + 10) & 0xffff;
        long directorySize = tail.getInt(end + 12) & MAGIC_32;
        long declaredOffset = tail.getInt(end + 16) & MAGIC_32;
        long directoryEnd = endAt;
        if ((count == MAGIC_16 || directorySize == MAGIC_32 || declaredOffset == MAGIC_32)
                && end >= ZIP64_LOCATOR_SIZE
                && tail.getInt(end - ZIP64_LOCATOR_SIZE) == ZIP64_LOCATOR) {
            // the record sits just before its locator; the locator's own offset does not count a prefix before the zip
            long zip64End = endAt - ZIP64_LOCATOR_SIZE - ZIP64_END_SIZE;
            if (zip64End < 0 || readAt(channel, zip64End, 4).getInt(0) != ZIP64_END) {
                zip64End = tail.getLong(end - ZIP64_LOCATOR_SIZE + 8);
            }
            if (zip64End < 0 || zip64End + ZIP64_END_SIZE > endAt) {
                throw new UnreadableJarException("a damaged jar (its zip64 end record is outside the file)");
            }
            ByteBuffer record = readAt(channel, zip64End, ZIP64_END_SIZE);
            if (record.getInt(0) != ZIP64_END) {
                throw new UnreadableJarException("a damaged jar (no zip64 end record where its locator points)");
            }
            count = record.getLong(32);
            directorySize = record.getLong(40);
            declaredOffset = record.getLong(48);
            directoryEnd = zip64End;
        }
        if (count > maxEntries) {
            throw new UnreadableJarException("it lists more than " + maxEntries + " entries");
        }
        if (directorySize > MAX_SIZE || directorySize > directoryEnd || directorySize < 0) {
            throw new UnreadableJarException("a damaged jar (a central directory of " + directorySize + " bytes)");
        }
        long directoryAt = directoryEnd - directorySize;
        // bytes before the zip (a launch script, a self-extracting stub) shift every offset the directory gives
        long prefix = directoryAt - declaredOffset;
        if (prefix < 0) {
            throw new UnreadableJarException("a damaged jar (its central directory offset is past its end)");
        }
        ByteBuffer directory = readAt(channel, directoryAt, (int) directorySize);
        List<Entry> entries = new ArrayList<>((int) Math.min(count, 1 << 16));
        int at = 0;
        while (at + RECORD_SIZE <= directorySize && directory.getInt(at) == RECORD) {
            if (entries.size() == maxEntries) {
                throw new UnreadableJarException("it lists more than " + maxEntries + " entries");
            }
            int method = directory.getShort(at + 10) & 0xffff;
            long compressed = directory.getInt(at + 20) & MAGIC_32;
            long uncompressed = directory.getInt(at + 24) & MAGIC_32;
            int nameLength = directory.getShort(at + 28) & 0xffff;
            int extraLength = directory.getShort(at + 30) & 0xffff;
            int commentLength = directory.getShort(at + 32) & 0xffff;
            long local = directory.getInt(at + 42) & MAGIC_32;
            int next = at + RECORD_SIZE + nameLength + extraLength + commentLength;
            if (next > directorySize) {
                throw new UnreadableJarException("a damaged jar (a central directory record runs past its end)");
            }
            String name = new String(directory.array(), at + RECORD_SIZE, nameLength, StandardCharsets.UTF_8);
            if (uncompressed == MAGIC_32 || compressed == MAGIC_32 || local == MAGIC_32) {
                long[] sizes =
                        zip64(directory, at + RECORD_SIZE + nameLength, extraLength, uncompressed, compressed, local);
                uncompressed = sizes[0];
                compressed = sizes[1];
                local = sizes[2];
            }
            long localHeader = local + prefix;
            if (local < 0 || compressed < 0 || uncompressed < 0 || localHeader >= size) {
                throw new UnreadableJarException("a damaged jar (" + name + " is outside the file)");
            }
            entries.add(new Entry(name, method, compressed, uncompressed, localHeader));
            at = next;
        }
        entries.sort(Comparator.comparingLong(Entry::localHeader));
        return entries;
    }

    /** The zip64 extra field's values, in its order, for each field the record marks as too large for 32 bits. */
    private static long[] zip64(ByteBuffer directory, int extra, int length, long size, long compressed, long local) {
        long[] values = {size, compressed, local};
        int at = extra;
        while (at + 4 <= extra + length) {
            int id = directory.getShort(at) & 0xffff;
            int dataLength = directory.getShort(at + 2) & 0xffff;
            if (id == 0x0001) {
                int field = at + 4;
                int fieldEnd = Math.min(field + dataLength, extra + length);
                for (int i = 0; i < values.length; i++) {
                    if (values[i] == MAGIC_32 && field + 8 <= fieldEnd) {
                        values[i] = directory.getLong(field);
                        field += 8;
                    }
                }
                break;
            }
            at += 4 + dataLength;
        }
        return values;
    }

    private static ByteBuffer readAt(SeekableByteChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the jar ends at " + (position + buffer.position()));
            }
        }
        return buffer;
    }
}
