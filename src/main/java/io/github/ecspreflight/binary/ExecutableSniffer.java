package io.github.ecspreflight.binary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Tells from a file's content what the Linux kernel does with it at {@code execve(2)}: load it as an ELF
 * binary, run the interpreter of its {@code #!} line, or refuse it with ENOEXEC ("exec format error"),
 * naming what it looks like instead (a Mach-O or Windows binary, a Java class, text, an archive...).
 *
 * <p>Never throws for malformed content: a damaged ELF file is a {@link TruncatedElf}, anything unrecognised a
 * {@link NotExecutable}. Only I/O errors of the {@link ByteRange} propagate.
 */
public final class ExecutableSniffer {

    /**
     * The kernel decides on a file's format from its first BINPRM_BUF_SIZE bytes; an ELF file's program
     * headers and PT_INTERP string, which can lie further on, are read from the {@link ByteRange} as needed.
     */
    private static final int HEAD_SIZE = ShebangParser.KERNEL_BUFFER;

    private static final byte[] ELF_MAGIC = {0x7F, 'E', 'L', 'F'};

    private ExecutableSniffer() {}

    /** Sniffs a file through random access, reading program headers wherever {@code e_phoff} puts them. */
    public static ExecutableFormat sniff(ByteRange file) throws IOException {
        FileBytes bytes = new FileBytes(file);
        if (bytes.size() == 0) {
            return new NotExecutable("empty file");
        }
        byte[] head = bytes.readHead(HEAD_SIZE);
        if (startsWith(head, ELF_MAGIC)) {
            return ElfReader.read(bytes, head);
        }
        if (startsWith(head, '#', '!')) {
            return ShebangParser.parse(head, bytes.size());
        }
        if (head.length >= 4) {
            int magic = ByteBuffer.wrap(head).getInt(0); // big-endian, as the magics are written
            if (MachOReader.isThinMagic(magic)) {
                return MachOReader.readThin(head, magic);
            }
            if (magic == MachOReader.FAT_MAGIC_64 && head.length >= 8) {
                // no class file starts with 0xCAFEBABF; the cap only bounds the reads of a damaged header
                int archCount = Math.min(ByteBuffer.wrap(head).getInt(4), MachOReader.MAX_FAT_ARCHS);
                return MachOReader.readFat(bytes, magic, archCount);
            }
            if (magic == MachOReader.FAT_MAGIC && head.length >= 8) {
                return fatOrJavaClass(bytes, head);
            }
        }
        if (startsWith(head, 'M', 'Z')) {
            return new PeExecutable();
        }
        return new NotExecutable(looksLike(head));
    }

    /**
     * Sniffs the complete content of a file. Never throws: reading a byte array cannot fail.
     */
    public static ExecutableFormat sniff(byte[] content) {
        return sniffInMemory(ByteRange.of(content));
    }

    /**
     * Sniffs a file of which only the first bytes were kept ({@code head}, say its first 4096 bytes; at least
     * the 256 the kernel itself looks at, unless the file is shorter) and whose full size is {@code fileSize}. If an ELF file's program headers or PT_INTERP lie beyond {@code head},
     * the result is an {@link ElfExecutable} with {@link ElfExecutable.Linkage#UNKNOWN} linkage; a range
     * beyond {@code fileSize} makes it a {@link TruncatedElf}.
     */
    public static ExecutableFormat sniff(byte[] head, long fileSize) {
        return sniffInMemory(ByteRange.ofPrefix(head, fileSize));
    }

    private static ExecutableFormat sniffInMemory(ByteRange range) {
        try {
            return sniff(range);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array cannot fail", e); // unreachable
        }
    }

    /** 0xCAFEBABE: a universal Mach-O if a small slice count follows, a Java class file if a version does. */
    private static ExecutableFormat fatOrJavaClass(FileBytes bytes, byte[] head) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(head);
        int archCount = header.getInt(4);
        if (archCount >= 1 && archCount <= MachOReader.MAX_FAT_ARCHS) {
            return MachOReader.readFat(bytes, MachOReader.FAT_MAGIC, archCount);
        }
        int minor = Short.toUnsignedInt(header.getShort(4));
        int major = Short.toUnsignedInt(header.getShort(6));
        if (major >= 45) { // 45 is JDK 1.0.2/1.1, the first class file version (JVMS 4.1)
            return new JavaClassFile(major, minor);
        }
        return new NotExecutable("data");
    }

    /** A cheap guess for messages, from magic numbers of common non-executables. */
    private static String looksLike(byte[] head) {
        if (startsWith(head, 0x1F, 0x8B)) {
            return "gzip compressed data";
        }
        if (startsWith(head, 'P', 'K', 3, 4)) {
            return "Zip archive (jar/zip)";
        }
        if (startsWith(head, 0xFD, '7', 'z', 'X', 'Z', 0)) {
            return "xz compressed data";
        }
        if (startsWith(head, 0x28, 0xB5, 0x2F, 0xFD)) {
            return "zstd compressed data";
        }
        if (startsWith(head, 'B', 'Z', 'h')) {
            return "bzip2 compressed data";
        }
        return head.length > 0 && isText(head) ? "text without a #! line" : "data";
    }

    /** Text: no control characters other than tab, newline, vertical tab, form feed, carriage return, escape. */
    private static boolean isText(byte[] head) {
        for (byte b : head) {
            int c = b & 0xFF;
            boolean control = c < 0x20 && !(c >= '\t' && c <= '\r') && c != 0x1B;
            if (control || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] head, byte[] prefix) {
        return head.length >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
