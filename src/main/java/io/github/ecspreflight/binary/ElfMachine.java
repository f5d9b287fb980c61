package io.github.ecspreflight.binary;

import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Maps ELF {@code e_machine} values to the architecture names of the OCI image spec (Go's GOARCH values,
 * as in {@code linux/arm64}), and normalises the names users and tools write for them.
 * Package-private: the image package has its own platform type; this one only serves the sniffer.
 */
final class ElfMachine {

    // e_machine values from the System V ABI, as listed in <elf.h>
    static final int EM_386 = 3;
    static final int EM_PPC64 = 21;
    static final int EM_S390 = 22;
    static final int EM_ARM = 40;
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;
    static final int EM_RISCV = 243;

    private ElfMachine() {}

    /**
     * The OCI architecture of code for {@code machine} in an ELF file of this class and byte order, or
     * {@code unknown(e_machine=N)}. The class and byte order are part of the match because one e_machine
     * covers several ABIs: EM_X86_64 in a 32-bit file is the x32 ABI, EM_PPC64 is ppc64 (big-endian) or
     * ppc64le, EM_S390 in a 32-bit file is the old 31-bit s390; none of those is amd64, ppc64le or s390x.
     */
    static String architecture(int machine, int bits, ByteOrder order) {
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        String arch = switch (machine) {
            case EM_386 -> bits == 32 && little ? "386" : null;
            case EM_X86_64 -> bits == 64 && little ? "amd64" : null;
            case EM_AARCH64 -> bits == 64 && little ? "arm64" : null;
            case EM_ARM -> bits == 32 && little ? "arm" : null;
            case EM_PPC64 -> bits == 64 ? (little ? "ppc64le" : "ppc64") : null;
            case EM_S390 -> bits == 64 && !little ? "s390x" : null;
            case EM_RISCV -> bits == 64 && little ? "riscv64" : null;
            default -> null;
        };
        return arch != null ? arch : unknown(machine);
    }

    static String unknown(int machine) {
        return "unknown(e_machine=" + machine + ")";
    }

    /** The machine's name as file(1) prints it, for messages. */
    static String displayName(int machine) {
        return switch (machine) {
            case EM_386 -> "Intel 80386";
            case EM_X86_64 -> "x86-64";
            case EM_AARCH64 -> "ARM aarch64";
            case EM_ARM -> "ARM";
            case EM_PPC64 -> "64-bit PowerPC";
            case EM_S390 -> "IBM S/390";
            case EM_RISCV -> "RISC-V";
            default -> "e_machine " + machine;
        };
    }

    /**
     * The OCI name for an architecture written the way uname, Docker, Go or a distribution writes it:
     * {@code x86_64}, {@code x86-64}, {@code amd64} are {@code amd64}; {@code aarch64}, {@code arm64} are
     * {@code arm64}; {@code i386}..{@code i686} are {@code 386}; {@code armhf}, {@code armv7l} are {@code arm}.
     * Anything else comes back lower-cased and trimmed.
     */
    static String normalise(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "x86_64", "x86-64", "amd64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "386", "i386", "i486", "i586", "i686", "x86" -> "386";
            case "arm", "armhf", "armel", "armv6l", "armv7l", "armv7" -> "arm";
            case "ppc64le", "powerpc64le" -> "ppc64le";
            case "ppc64", "powerpc64" -> "ppc64";
            default -> n;
        };
    }
}
