package io.github.ecspreflight.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CPU types of a Mach-O file, from the layouts in Apple's {@code <mach-o/loader.h>} (mach_header,
 * mach_header_64) and {@code <mach-o/fat.h>} (fat_header, fat_arch, fat_arch_64).
 */
final class MachOReader {

    static final int MH_MAGIC = 0xFEEDFACE;
    static final int MH_MAGIC_64 = 0xFEEDFACF;
    static final int MH_CIGAM = 0xCEFAEDFE;
    static final int MH_CIGAM_64 = 0xCFFAEDFE;
    static final int FAT_MAGIC = 0xCAFEBABE;
    static final int FAT_MAGIC_64 = 0xCAFEBABF;

    /**
     * 0xCAFEBABE is also the Java class file magic. A fat header follows it with nfat_arch, a handful of
     * slices; a class file with minor_version and major_version (45 and up), so that the same 4 bytes read as
     * one big-endian number are at least 45 there. file(1) draws the line at 30 as well.
     */
    static final int MAX_FAT_ARCHS = 30;

    /** cpu_type_t values from {@code <mach/machine.h>}: CPU_ARCH_ABI64 marks the 64-bit variant of a family. */
    private static final int CPU_ARCH_ABI64 = 0x01000000;

    private static final int CPU_ARCH_ABI64_32 = 0x02000000;
    private static final int CPU_TYPE_X86 = 7;
    private static final int CPU_TYPE_ARM = 12;
    private static final int CPU_TYPE_POWERPC = 18;
    private static final int CPU_SUBTYPE_MASK = 0xFF000000;
    private static final int CPU_SUBTYPE_ARM64E = 2;

    private MachOReader() {}

    static boolean isThinMagic(int magic) {
        return magic == MH_MAGIC || magic == MH_MAGIC_64 || magic == MH_CIGAM || magic == MH_CIGAM_64;
    }

    /** A thin file: the byte-swapped magics mean the header is little-endian (as on x86_64 and arm64 Macs). */
    static MachOBinary readThin(byte[] head, int magic) {
        ByteOrder order = magic == MH_CIGAM || magic == MH_CIGAM_64 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        if (head.length < 12) {
            return new MachOBinary(false, List.of());
        }
        ByteBuffer header = ByteBuffer.wrap(head).order(order);
        return new MachOBinary(false, List.of(cpuName(header.getInt(4), header.getInt(8))));
    }

    /**
     * A universal file: its header and fat_arch entries are always big-endian. Lists the entries that the
     * file holds, so that a header cut short lists fewer (or none).
     */
    static MachOBinary readFat(FileBytes file, int magic, int count) throws IOException {
        int entrySize = magic == FAT_MAGIC_64 ? 32 : 20; // fat_arch_64 has 64-bit offset and size, and a reserved field
        List<String> cpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] entry = file.readExactly(8 + (long) i * entrySize, 8);
            if (entry == null) {
                break;
            }
            ByteBuffer fields = ByteBuffer.wrap(entry); // big-endian
            cpus.add(cpuName(fields.getInt(0), fields.getInt(4)));
        }
        return new MachOBinary(true, cpus);
    }

    /** The name Apple's tools (lipo, file) use: x86_64, arm64, arm64e, i386, arm, ppc, ppc64, arm64_32. */
    static String cpuName(int cpuType, int cpuSubtype) {
        if (cpuType == (CPU_TYPE_ARM | CPU_ARCH_ABI64)) {
            return (cpuSubtype & ~CPU_SUBTYPE_MASK) == CPU_SUBTYPE_ARM64E ? "arm64e" : "arm64";
        }
        if (cpuType == (CPU_TYPE_X86 | CPU_ARCH_ABI64)) {
            return "x86_64";
        }
        if (cpuType == (CPU_TYPE_ARM | CPU_ARCH_ABI64_32)) {
            return "arm64_32";
        }
        if (cpuType == (CPU_TYPE_POWERPC | CPU_ARCH_ABI64)) {
            return "ppc64";
        }
        return switch (cpuType) {
            case CPU_TYPE_X86 -> "i386";
            case CPU_TYPE_ARM -> "arm";
            case CPU_TYPE_POWERPC -> "ppc";
            default -> "cputype " + cpuType;
        };
    }
}
