package io.github.ecspreflight.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a tar whose names may be of any length, with a PAX extended header ({@code path=}, {@code linkpath=}) before
 * each entry whose name or link is longer than the 100 bytes a ustar header holds. commons-compress writes such names
 * too, but shortens the ustar header's copy one character at a time, re-encoding the whole name each time: a
 * 200,000-character name (a hostile case the reader must survive) would take minutes to write.
 */
final class PaxTar {

    private static final int BLOCK = 512;

    private PaxTar() {}

    static byte[] write(List<TarArchiveEntry> entries, List<byte[]> contents) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (int i = 0; i < entries.size(); i++) {
            TarArchiveEntry entry = entries.get(i);
            StringBuilder pax = new StringBuilder();
            if (entry.getName().length() > 100) {
                pax.append(record("path", entry.getName()));
            }
            if (entry.getLinkName().length() > 100) {
                pax.append(record("linkpath", entry.getLinkName()));
            }
            if (!pax.isEmpty()) {
                byte[] records = pax.toString().getBytes(StandardCharsets.UTF_8);
                entry(tar, "PaxHeaders/" + i, TarConstants.LF_PAX_EXTENDED_HEADER_LC, "", 0644, records);
            }
            entry(tar, entry.getName(), entry.getLinkFlag(), entry.getLinkName(), entry.getMode(), contents.get(i));
        }
        tar.writeBytes(new byte[2 * BLOCK]);
        return tar.toByteArray();
    }

    /** {@code "LEN key=value\n"}, where LEN counts the whole record, its own digits included. */
    private static String record(String key, String value) {
        int rest = key.length() + value.getBytes(StandardCharsets.UTF_8).length + 3;
        int length = rest + Integer.toString(rest).length();
        if (Integer.toString(length).length() != Integer.toString(rest).length()) {
            length++;
        }
        return length + " " + key + "=" + value + "\n";
    }

    private static void entry(ByteArrayOutputStream tar, String name, byte type, String link, int mode, byte[] data) {
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, name);
        put(header, 100, 8, String.format("%07o", mode & 07777));
        put(header, 108, 8, "0000000");
        put(header, 116, 8, "0000000");
        put(header, 124, 12, String.format("%011o", (long) data.length));
        put(header, 136, 12, String.format("%011o", 0L));
        header[156] = type;
        put(header, 157, 100, link);
        put(header, 257, 6, "ustar");
        put(header, 263, 2, "00");
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, 8, String.format("%06o", sum));
        header[155] = ' ';
        tar.writeBytes(header);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(BLOCK - data.length % BLOCK) % BLOCK]);
    }

    /** As much of {@code value} as fits in the field, NUL-padded (a long name's full copy is in the PAX header). */
    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, Math.min(length, bytes.length));
    }
}
