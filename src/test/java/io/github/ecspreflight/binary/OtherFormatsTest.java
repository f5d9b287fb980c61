package io.github.ecspreflight.binary;

import static io.github.ecspreflight.binary.Fixtures.ascii;
import static io.github.ecspreflight.binary.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Mach-O, PE, Java class files and non-executables, hand-made from the formats' published layouts. */
class OtherFormatsTest {

    // <mach/machine.h>: CPU_ARCH_ABI64 | CPU_TYPE_ARM, CPU_ARCH_ABI64 | CPU_TYPE_X86
    private static final int CPU_TYPE_ARM64 = 0x0100000C;
    private static final int CPU_TYPE_X86_64 = 0x01000007;
    private static final int MH_EXECUTE = 2;

    /**
     * A mach_header_64 (<mach-o/loader.h>): magic, cputype, cpusubtype, filetype, ncmds, sizeofcmds, flags,
     * reserved; all in the file's byte order, little-endian on Intel and Apple silicon Macs, where the magic
     * 0xFEEDFACF is written as CF FA ED FE.
     */
    private static byte[] thinMachO64(int cpuType, int cpuSubtype) {
        return ByteBuffer.allocate(32)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xFEEDFACF)
                .putInt(cpuType)
                .putInt(cpuSubtype)
                .putInt(MH_EXECUTE)
                .putInt(0)
                .putInt(0)
                .putInt(0)
                .putInt(0)
                .array();
    }

    /**
     * A fat_header and fat_arch entries (<mach-o/fat.h>), always big-endian: magic 0xCAFEBABE, nfat_arch, then
     * per slice cputype, cpusubtype, offset, size, align (as a power of 2).
     */
    private static byte[] fatMachO(int... cpuTypes) {
        ByteBuffer b =
                ByteBuffer.allocate(8 + 20 * cpuTypes.length).putInt(0xCAFEBABE).putInt(cpuTypes.length);
        for (int i = 0; i < cpuTypes.length; i++) {
            b.putInt(cpuTypes[i])
                    .putInt(0)
                    .putInt(16384 * (i + 1))
                    .putInt(16384)
                    .putInt(14);
        }
        return b.array();
    }

    @Test
    void thinMachOArm64() {
        ExecutableFormat format = ExecutableSniffer.sniff(thinMachO64(CPU_TYPE_ARM64, 0));

        assertThat(format).isEqualTo(new MachOBinary(false, List.of("arm64")));
        assertThat(format.description())
                .isEqualTo("Mach-O binary (arm64), a macOS/iOS program that Linux cannot execute");
        assertThat(format.recognisedByKernel()).isFalse();
    }

    @Test
    void thinMachOVariants() {
        // arm64e: CPU_SUBTYPE_ARM64E (2), here with the pointer-authentication ABI flag in the top byte
        assertThat(ExecutableSniffer.sniff(thinMachO64(CPU_TYPE_ARM64, 0x80000002)))
                .isEqualTo(new MachOBinary(false, List.of("arm64e")));
        assertThat(ExecutableSniffer.sniff(thinMachO64(CPU_TYPE_X86_64, 3)))
                .isEqualTo(new MachOBinary(false, List.of("x86_64")));
        // a big-endian 32-bit mach_header (0xFEEDFACE as written by PowerPC Macs), CPU_TYPE_POWERPC = 18
        assertThat(ExecutableSniffer.sniff(bytes(0xFE, 0xED, 0xFA, 0xCE, 0, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0, 2)))
                .isEqualTo(new MachOBinary(false, List.of("ppc")));
        // a little-endian 32-bit one (0xFEEDFACE written as CE FA ED FE), CPU_TYPE_X86 = 7
        assertThat(ExecutableSniffer.sniff(bytes(0xCE, 0xFA, 0xED, 0xFE, 7, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0)))
                .isEqualTo(new MachOBinary(false, List.of("i386")));
        // cut after the magic
        assertThat(ExecutableSniffer.sniff(bytes(0xCF, 0xFA, 0xED, 0xFE, 0x0C)))
                .isEqualTo(new MachOBinary(false, List.of()));
    }

    @Test
    void universalMachO() {
        ExecutableFormat format = ExecutableSniffer.sniff(fatMachO(CPU_TYPE_X86_64, CPU_TYPE_ARM64));

        assertThat(format).isEqualTo(new MachOBinary(true, List.of("x86_64", "arm64")));
        assertThat(format.description())
                .isEqualTo("Mach-O universal binary (x86_64, arm64), a macOS/iOS program that Linux cannot execute");
        assertThat(format.recognisedByKernel()).isFalse();
    }

    @Test
    void universalMachOCutShortListsTheSlicesItHolds() {
        byte[] whole = fatMachO(CPU_TYPE_X86_64, CPU_TYPE_ARM64);

        assertThat(ExecutableSniffer.sniff(java.util.Arrays.copyOf(whole, 8 + 20 + 4)))
                .isEqualTo(new MachOBinary(true, List.of("x86_64")));
    }

    @Test
    void universalMachOWith64BitEntries() {
        // fat_arch_64: cputype, cpusubtype, 64-bit offset and size, align, reserved (32 bytes)
        byte[] fat64 = ByteBuffer.allocate(8 + 32 * 2)
                .putInt(0xCAFEBABF)
                .putInt(2)
                .putInt(CPU_TYPE_ARM64)
                .putInt(0)
                .putLong(16384)
                .putLong(16384)
                .putInt(14)
                .putInt(0)
                .putInt(CPU_TYPE_X86_64)
                .putInt(3)
                .putLong(32768)
                .putLong(16384)
                .putInt(14)
                .putInt(0)
                .array();

        assertThat(ExecutableSniffer.sniff(fat64)).isEqualTo(new MachOBinary(true, List.of("arm64", "x86_64")));
    }

    @Test
    void javaClassFileIsNotAUniversalMachO() {
        // magic, minor_version 0, major_version 0x41 = 65 (Java 21), constant_pool_count...
        ExecutableFormat format =
                ExecutableSniffer.sniff(bytes(0xCA, 0xFE, 0xBA, 0xBE, 0x00, 0x00, 0x00, 0x41, 0x00, 0x1D));

        assertThat(format).isEqualTo(new JavaClassFile(65, 0));
        assertThat(format.description())
                .isEqualTo("Java class file, version 65.0 (Java 21), which needs a JVM: the kernel cannot execute it");
        assertThat(format.recognisedByKernel()).isFalse();
    }

    @Test
    void javaClassVersionsNameTheirRelease() {
        assertThat(new JavaClassFile(52, 0).javaRelease()).isEqualTo("Java 8");
        assertThat(new JavaClassFile(49, 0).javaRelease()).isEqualTo("Java 5");
        assertThat(new JavaClassFile(48, 0).javaRelease()).isEqualTo("Java 1.4");
        assertThat(new JavaClassFile(45, 3).javaRelease()).isEqualTo("Java 1.1");
    }

    @Test
    void classFileOfTheRunningJdk() throws IOException {
        byte[] objectClass;
        try (InputStream in = Object.class.getResourceAsStream("Object.class")) {
            objectClass = in.readAllBytes();
        }

        assertThat(ExecutableSniffer.sniff(objectClass))
                .isEqualTo(new JavaClassFile(44 + Runtime.version().feature(), 0));
    }

    @Test
    void cafebabeWithNeitherSlicesNorClassVersionIsData() {
        assertThat(ExecutableSniffer.sniff(bytes(0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 0)))
                .isEqualTo(new NotExecutable("data"));
        assertThat(ExecutableSniffer.sniff(bytes(0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 31)))
                .isEqualTo(new NotExecutable("data"));
    }

    @Test
    void windowsExecutable() {
        // an MS-DOS header starts "MZ"; e_lfanew at 0x3C points to the "PE\0\0" signature
        byte[] stub = new byte[128];
        stub[0] = 'M';
        stub[1] = 'Z';
        stub[0x3C] = 0x40;
        System.arraycopy(ascii("PE\0\0"), 0, stub, 0x40, 4);

        ExecutableFormat format = ExecutableSniffer.sniff(stub);

        assertThat(format).isEqualTo(new PeExecutable());
        assertThat(format.description())
                .isEqualTo("PE/DOS executable (MZ), a Windows program that Linux cannot execute");
        assertThat(format.recognisedByKernel()).isFalse();
    }

    @Test
    void emptyFile() {
        ExecutableFormat format = ExecutableSniffer.sniff(new byte[0]);

        assertThat(format).isEqualTo(new NotExecutable("empty file"));
        assertThat(format.description()).isEqualTo("not an executable format (empty file)");
        assertThat(format.recognisedByKernel()).isFalse();
    }

    @Test
    void textFile() {
        assertThat(ExecutableSniffer.sniff(ascii("server.port=8080\r\nname=caf\u00e9\n")))
                .isEqualTo(new NotExecutable("text without a #! line"));
    }

    @Test
    void archivesAndCompressedData() throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(ascii("#!/bin/sh\n"));
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            out.write(ascii("Manifest-Version: 1.0\n"));
        }

        assertThat(ExecutableSniffer.sniff(gzip.toByteArray())).isEqualTo(new NotExecutable("gzip compressed data"));
        assertThat(ExecutableSniffer.sniff(zip.toByteArray())).isEqualTo(new NotExecutable("Zip archive (jar/zip)"));
        assertThat(ExecutableSniffer.sniff(bytes(0xFD, '7', 'z', 'X', 'Z', 0, 0, 4)))
                .isEqualTo(new NotExecutable("xz compressed data"));
        assertThat(ExecutableSniffer.sniff(bytes(0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x00)))
                .isEqualTo(new NotExecutable("zstd compressed data"));
        assertThat(ExecutableSniffer.sniff(bytes('B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26)))
                .isEqualTo(new NotExecutable("bzip2 compressed data"));
    }

    @Test
    void binaryData() {
        assertThat(ExecutableSniffer.sniff(bytes(0x00, 0x01, 0x02, 0x03, 0xFF))).isEqualTo(new NotExecutable("data"));
        // one byte of the ELF magic is not an ELF file
        assertThat(ExecutableSniffer.sniff(bytes(0x7F, 'E', 'L'))).isEqualTo(new NotExecutable("data"));
    }
}
