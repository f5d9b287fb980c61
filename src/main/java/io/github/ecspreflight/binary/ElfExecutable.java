package io.github.ecspreflight.binary;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * An ELF file whose headers the kernel can read.
 *
 * @param bits 32 or 64 ({@code e_ident[EI_CLASS]})
 * @param byteOrder {@link ByteOrder#LITTLE_ENDIAN} (LSB) or {@link ByteOrder#BIG_ENDIAN} (MSB)
 *     ({@code e_ident[EI_DATA]})
 * @param type the object file type ({@code e_type})
 * @param machine the raw {@code e_machine} value
 * @param architecture the OCI architecture name ("amd64", "arm64", "arm", "386", "ppc64le", "ppc64", "s390x",
 *     "riscv64"), or "unknown(e_machine=N)"
 * @param linkage whether a PT_INTERP program header names a dynamic loader
 * @param interpreter the PT_INTERP path, e.g. "/lib/ld-linux-aarch64.so.1"; null unless {@code linkage} is
 *     {@link Linkage#DYNAMIC}
 * @param dynamic what the PT_DYNAMIC segment asks of the dynamic loader (DT_NEEDED, DT_RPATH, DT_RUNPATH); null when
 *     the file has none, or it lies beyond the bytes the source held
 */
public record ElfExecutable(
        int bits,
        ByteOrder byteOrder,
        ObjectType type,
        int machine,
        String architecture,
        Linkage linkage,
        String interpreter,
        ElfDynamic dynamic)
        implements ExecutableFormat {

    /** An ELF file whose dynamic section was not read. */
    public ElfExecutable(
            int bits,
            ByteOrder byteOrder,
            ObjectType type,
            int machine,
            String architecture,
            Linkage linkage,
            String interpreter) {
        this(bits, byteOrder, type, machine, architecture, linkage, interpreter, null);
    }

    /** {@code e_type}: the kernel executes only EXECUTABLE (ET_EXEC) and SHARED_OBJECT (ET_DYN) files. */
    public enum ObjectType {
        RELOCATABLE("relocatable"),
        EXECUTABLE("executable"),
        /** ET_DYN: a position-independent executable (gcc's default), a static-pie, or a shared library. */
        SHARED_OBJECT("pie executable"),
        CORE("core file"),
        OTHER("file of unknown type");

        private final String label;

        ObjectType(String label) {
            this.label = label;
        }

        static ObjectType of(int eType) {
            return switch (eType) {
                case 1 -> RELOCATABLE;
                case 2 -> EXECUTABLE;
                case 3 -> SHARED_OBJECT;
                case 4 -> CORE;
                default -> OTHER;
            };
        }
    }

    public enum Linkage {
        /** No PT_INTERP: the kernel jumps straight to the entry point (this includes static-pie). */
        STATIC,
        /** A PT_INTERP: the kernel loads that dynamic loader, which must exist in the image. */
        DYNAMIC,
        /**
         * Not determined: the program headers or the PT_INTERP string lie beyond the bytes the source held
         * (see {@link ByteRange#ofPrefix}), or the file is not an executable (ET_REL, ET_CORE).
         */
        UNKNOWN
    }

    public ElfExecutable {
        if (bits != 32 && bits != 64) {
            throw new IllegalArgumentException("bits must be 32 or 64: " + bits);
        }
        Objects.requireNonNull(byteOrder, "byteOrder");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(linkage, "linkage");
        if ((linkage == Linkage.DYNAMIC) != (interpreter != null)) {
            throw new IllegalArgumentException("an interpreter goes with DYNAMIC linkage, and only with it");
        }
    }

    @Override
    public boolean recognisedByKernel() {
        return type == ObjectType.EXECUTABLE || type == ObjectType.SHARED_OBJECT;
    }

    /**
     * Whether a Linux host of this architecture executes the file natively. Strict: the architectures must
     * match, with one exception, 386 on amd64, because x86-64 kernels built with CONFIG_IA32_EMULATION
     * (distribution kernels, Amazon Linux among them) run i386 ELF binaries without emulation.
     * There is no such allowance for arm on arm64: AArch32 at EL0 is optional in ARMv8 and newer Arm server
     * cores leave it out, and the kernel needs CONFIG_COMPAT as well, so a 32-bit arm image is not known to
     * run on Graviton, whatever the generation. Emulators registered through binfmt_misc (qemu-user) are
     * not assumed on ECS hosts.
     *
     * @param hostArchitecture an OCI name ("amd64", "arm64") or a common alias ("x86_64", "aarch64")
     */
    public boolean runsOn(String hostArchitecture) {
        if (!recognisedByKernel() || !isKnownArchitecture()) {
            return false;
        }
        String host = ElfMachine.normalise(hostArchitecture);
        return architecture.equals(host) || (architecture.equals("386") && host.equals("amd64"));
    }

    /** Whether {@link #architecture()} is an OCI name rather than "unknown(e_machine=N)". */
    public boolean isKnownArchitecture() {
        return !architecture.equals(ElfMachine.unknown(machine));
    }

    /** Whether the file names a dynamic loader (PT_INTERP), which must then exist in the image. */
    public boolean isDynamicallyLinked() {
        return linkage == Linkage.DYNAMIC;
    }

    @Override
    public String description() {
        StringBuilder text = new StringBuilder("ELF ")
                .append(bits)
                .append("-bit ")
                .append(byteOrder == ByteOrder.LITTLE_ENDIAN ? "LSB " : "MSB ")
                .append(type.label)
                .append(", ")
                .append(ElfMachine.displayName(machine));
        if (!isKnownArchitecture()) {
            text.append(" (no supported architecture)");
        } else {
            text.append(" (").append(architecture).append(')');
        }
        switch (linkage) {
            case STATIC ->
                text.append(type == ObjectType.SHARED_OBJECT ? ", static-pie linked" : ", statically linked");
            case DYNAMIC -> text.append(", dynamically linked, interpreter ").append(interpreter);
            case UNKNOWN -> {
                if (recognisedByKernel()) {
                    text.append(", linkage unknown (program headers or PT_INTERP beyond the bytes read)");
                }
            }
        }
        return text.toString();
    }
}
