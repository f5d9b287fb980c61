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
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    /** More dynamic entries than any real file has; a larger PT_DYNAMIC is not read. */
    private static final int MAX_DYNAMIC_BYTES = 65536;
    /** A larger string table than the names need is read only up to this many bytes. */
    private static final int MAX_STRTAB_BYTES = 1 << 20;
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
        long dynamicOffset = -1;
        long dynamicSize = 0;
        java.util.List<long[]> loads = new java.util.ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            int pType = headers.getInt(at);
            long offset = is64 ? headers.getLong(at + 8) : Integer.toUnsignedLong(headers.getInt(at + 4));
            long size = is64 ? headers.getLong(at + 32) : Integer.toUnsignedLong(headers.getInt(at + 16));
            if (pType == PT_LOAD) {
                long vaddr = is64 ? headers.getLong(at + 16) : Integer.toUnsignedLong(headers.getInt(at + 8));
                loads.add(new long[] {vaddr, offset, size});
            }
            if (pType == PT_DYNAMIC && dynamicOffset < 0) {
                dynamicOffset = offset;
                dynamicSize = size;
            }
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
        ElfDynamic dynamic = dynamicOffset < 0 ? null : dynamic(file, order, is64, dynamicOffset, dynamicSize, loads);
        if (!hasInterpreter) {
            return new ElfExecutable(
                    bits, order, type, machine, architecture, ElfExecutable.Linkage.STATIC, null, dynamic);
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
        return new ElfExecutable(
                bits, order, type, machine, architecture, ElfExecutable.Linkage.DYNAMIC, interpreter, dynamic);
    }

    /**
     * The DT_NEEDED, DT_RPATH and DT_RUNPATH strings of the PT_DYNAMIC segment; their string table is found by its
     * virtual address (DT_STRTAB) in the PT_LOAD segment that maps it, as ld.so finds it. Null when any of it lies
     * beyond the bytes the source holds or is malformed.
     */
    private static ElfDynamic dynamic(
            FileBytes file, ByteOrder order, boolean is64, long offset, long size, java.util.List<long[]> loads)
            throws IOException {
        int entrySize = is64 ? 16 : 8;
        if (size <= 0 || size > MAX_DYNAMIC_BYTES || size % entrySize != 0 || !file.contains(offset, size)) {
            return null;
        }
        byte[] bytes = file.readExactly(offset, (int) size);
        if (bytes == null) {
            return null;
        }
        ByteBuffer entries = ByteBuffer.wrap(bytes).order(order);
        java.util.List<Long> needed = new java.util.ArrayList<>();
        long rpath = -1;
        long runpath = -1;
        long strtab = -1;
        long strsz = -1;
        for (int at = 0; at + entrySize <= bytes.length; at += entrySize) {
            long tag = is64 ? entries.getLong(at) : entries.getInt(at);
            long value = is64 ? entries.getLong(at + 8) : Integer.toUnsignedLong(entries.getInt(at + 4));
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                needed.add(value);
            } else if (tag == DT_STRTAB) {
                strtab = value;
            } else if (tag == DT_STRSZ) {
                strsz = value;
            } else if (tag == DT_RPATH) {
                rpath = value;
            } else if (tag == DT_RUNPATH) {
                runpath = value;
            }
        }
        if (strtab < 0 || strsz <= 0) {
            return needed.isEmpty()
                    ? new ElfDynamic(java.util.List.of(), java.util.List.of(), java.util.List.of())
                    : null;
        }
        long tableOffset = -1;
        for (long[] load : loads) {
            if (Long.compareUnsigned(strtab, load[0]) >= 0 && Long.compareUnsigned(strtab - load[0], load[2]) < 0) {
                tableOffset = load[1] + (strtab - load[0]);
                break;
            }
        }
        int tableSize = (int) Math.min(strsz, MAX_STRTAB_BYTES);
        if (tableOffset < 0 || !file.contains(tableOffset, tableSize)) {
            return null;
        }
        byte[] table = file.readExactly(tableOffset, tableSize);
        if (table == null) {
            return null;
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (long index : needed) {
            String name = string(table, index);
            if (name == null) {
                return null;
            }
            names.add(name);
        }
        String rpathText = rpath < 0 ? null : string(table, rpath);
        String runpathText = runpath < 0 ? null : string(table, runpath);
        if (rpath >= 0 && rpathText == null || runpath >= 0 && runpathText == null) {
            return null;
        }
        return new ElfDynamic(names, directories(rpathText), directories(runpathText));
    }

    /** The NUL-terminated string at {@code index} of a string table; null when it runs past the table. */
    private static String string(byte[] table, long index) {
        if (index < 0 || index >= table.length) {
            return null;
        }
        int end = (int) index;
        while (end < table.length && table[end] != 0) {
            end++;
        }
        return end == table.length ? null : new String(table, (int) index, end - (int) index, StandardCharsets.UTF_8);
    }

    /** A DT_RPATH or DT_RUNPATH value: directories separated by colons. */
    private static java.util.List<String> directories(String path) {
        if (path == null || path.isEmpty()) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(path.split(":"))
                .filter(d -> !d.isEmpty())
                .toList();
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
