package io.github.ecspreflight.binary;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the kernel's ELF loader (fs/binfmt_elf.c, load_elf_binary) reads before it commits to a file:
 * the ELF header, the program header table and the PT_INTERP string, with the checks that make it refuse
 * a file, and checks that the PT_LOAD segments it would map lie inside the file. Offsets and sizes are from the System V ABI, "ELF Header" and "Program Header".
 */
final class ElfReader {

    private static final int EI_NIDENT = 16;
    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;
    private static final int ELFCLASS32 = 1;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int ELFDATA2MSB = 2;
    private static final int PT_LOAD = 1;
    private static final int PT_INTERP = 3;
    /** load_elf_phdrs() refuses program header tables larger than 64 KiB. */
    private static final int MAX_PROGRAM_HEADER_BYTES = 65536;
    /** load_elf_binary() refuses a PT_INTERP longer than PATH_MAX or shorter than 2 (one character and NUL). */
    private static final int PATH_MAX = 4096;

    private ElfReader() {}

    /** @param head the file's first bytes, starting with the ELF magic */
    static ExecutableFormat read(FileBytes file, byte[] head) throws IOException {
        if (file.size() < EI_NIDENT) {
            return new TruncatedElf(
                    "the file ends after " + file.size() + " bytes, inside the " + EI_NIDENT + "-byte e_ident");
        }
        if (head.length < EI_NIDENT) {
            return unreadable(file, head);
        }
        int bits = switch (head[EI_CLASS]) {
            case ELFCLASS32 -> 32;
            case ELFCLASS64 -> 64;
            default -> 0;
        };
        if (bits == 0) {
            return new TruncatedElf("EI_CLASS is " + head[EI_CLASS] + ", neither 32-bit (1) nor 64-bit (2)");
        }
        ByteOrder order = switch (head[EI_DATA]) {
            case ELFDATA2LSB -> ByteOrder.LITTLE_ENDIAN;
            case ELFDATA2MSB -> ByteOrder.BIG_ENDIAN;
            default -> null;
        };
        if (order == null) {
            return new TruncatedElf("EI_DATA is " + head[EI_DATA] + ", neither LSB (1) nor MSB (2)");
        }
        boolean is64 = bits == 64;
        int headerSize = is64 ? 64 : 52;
        if (file.size() < headerSize) {
            return new TruncatedElf(
                    "the " + bits + "-bit ELF header needs " + headerSize + " bytes, the file has " + file.size());
        }
        if (head.length < headerSize) {
            return unreadable(file, head);
        }
        ByteBuffer header = ByteBuffer.wrap(head, 0, headerSize).order(order);
        ElfExecutable.ObjectType type = ElfExecutable.ObjectType.of(Short.toUnsignedInt(header.getShort(16)));
        int machine = Short.toUnsignedInt(header.getShort(18));
        String architecture = ElfMachine.architecture(machine, bits, order);
        if (type != ElfExecutable.ObjectType.EXECUTABLE && type != ElfExecutable.ObjectType.SHARED_OBJECT) {
            // The kernel stops here with ENOEXEC; program headers of an object or core file do not matter.
            return new ElfExecutable(bits, order, type, machine, architecture, ElfExecutable.Linkage.UNKNOWN, null);
        }
        long phoff = is64 ? header.getLong(32) : Integer.toUnsignedLong(header.getInt(28));
        int phentsize = Short.toUnsignedInt(header.getShort(is64 ? 54 : 42));
        int phnum = Short.toUnsignedInt(header.getShort(is64 ? 56 : 44));
        int expectedEntrySize = is64 ? 56 : 32;
        if (phentsize != expectedEntrySize) {
            return new TruncatedElf("e_phentsize is " + phentsize + ", the kernel expects " + expectedEntrySize);
        }
        if (phnum < 1 || phnum * phentsize > MAX_PROGRAM_HEADER_BYTES) {
            return new TruncatedElf("e_phnum is " + phnum + ", the kernel loads 1 to "
                    + MAX_PROGRAM_HEADER_BYTES / phentsize + " program headers");
        }
        int tableSize = phnum * phentsize;
        if (!file.contains(phoff, tableSize)) {
            return new TruncatedElf("the program headers end at byte " + endOf(phoff, tableSize) + ", the file has "
                    + file.size() + " bytes");
        }
        byte[] table = file.readExactly(phoff, tableSize);
        if (table == null) {
            return new ElfExecutable(bits, order, type, machine, architecture, ElfExecutable.Linkage.UNKNOWN, null);
        }
        ByteBuffer headers = ByteBuffer.wrap(table).order(order);
        boolean hasInterpreter = false;
        long interpOffset = 0;
        long interpSize = 0;
        String truncatedSegment = null;
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            int pType = headers.getInt(at);
            long offset = is64 ? headers.getLong(at + 8) : Integer.toUnsignedLong(headers.getInt(at + 4));
            long size = is64 ? headers.getLong(at + 32) : Integer.toUnsignedLong(headers.getInt(at + 16));
            if (pType == PT_INTERP && !hasInterpreter) { // the kernel uses the first PT_INTERP
                hasInterpreter = true;
                interpOffset = offset;
                interpSize = size;
            }
            if (pType == PT_LOAD && truncatedSegment == null && !file.contains(offset, size)) {
                truncatedSegment = "a PT_LOAD segment ends at byte " + endOf(offset, size) + ", the file has "
                        + file.size() + " bytes";
            }
        }
        // The kernel refuses a bad PT_INTERP (ENOEXEC, or EIO for a short read) before it maps any segment.
        if (hasInterpreter) {
            if (interpSize < 2 || interpSize > PATH_MAX) {
                return new TruncatedElf("the PT_INTERP p_filesz is " + Long.toUnsignedString(interpSize)
                        + ", the kernel accepts 2 to " + PATH_MAX + " bytes");
            }
            if (!file.contains(interpOffset, interpSize)) {
                return new TruncatedElf("the PT_INTERP path ends at byte " + endOf(interpOffset, interpSize)
                        + ", the file has " + file.size() + " bytes");
            }
        }
        if (truncatedSegment != null) {
            // The kernel maps a segment past the end of the file all the same; the process then dies of SIGBUS.
            return new TruncatedElf(truncatedSegment);
        }
        if (!hasInterpreter) {
            return new ElfExecutable(bits, order, type, machine, architecture, ElfExecutable.Linkage.STATIC, null);
        }
        byte[] path = file.readExactly(interpOffset, (int) interpSize);
        if (path == null) {
            return new ElfExecutable(bits, order, type, machine, architecture, ElfExecutable.Linkage.UNKNOWN, null);
        }
        if (path[path.length - 1] != 0) {
            return new TruncatedElf("the PT_INTERP path is not NUL-terminated");
        }
        int length = 0;
        while (path[length] != 0) {
            length++;
        }
        String interpreter = new String(path, 0, length, StandardCharsets.UTF_8);
        return new ElfExecutable(bits, order, type, machine, architecture, ElfExecutable.Linkage.DYNAMIC, interpreter);
    }

    /** The source held less than the ELF header of a file that is long enough for one. */
    private static TruncatedElf unreadable(FileBytes file, byte[] head) {
        return new TruncatedElf("only " + head.length + " of the file's " + file.size() + " bytes were readable");
    }

    /** offset + length, both unsigned 64-bit values, for messages about ranges past the end of the file. */
    private static String endOf(long offset, long length) {
        return new BigInteger(Long.toUnsignedString(offset))
                .add(new BigInteger(Long.toUnsignedString(length)))
                .toString();
    }
}
