package io.github.ecspreflight.binary;

import static io.github.ecspreflight.binary.ElfExecutable.Linkage.DYNAMIC;
import static io.github.ecspreflight.binary.ElfExecutable.Linkage.STATIC;
import static io.github.ecspreflight.binary.ElfExecutable.Linkage.UNKNOWN;
import static io.github.ecspreflight.binary.ElfExecutable.ObjectType.CORE;
import static io.github.ecspreflight.binary.ElfExecutable.ObjectType.EXECUTABLE;
import static io.github.ecspreflight.binary.ElfExecutable.ObjectType.OTHER;
import static io.github.ecspreflight.binary.ElfExecutable.ObjectType.RELOCATABLE;
import static io.github.ecspreflight.binary.ElfExecutable.ObjectType.SHARED_OBJECT;
import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ELF headers built by {@link ElfBuilder}: architectures without a compiler here, odd layouts, damage. */
class SyntheticElfTest {

    /** A loadable static executable: one PT_LOAD covering the headers, as a real linker writes it. */
    private static ElfBuilder executable(int bits, ByteOrder order, int machine) {
        return new ElfBuilder(bits, order, machine).programHeader(ElfBuilder.PT_LOAD, 0, 64);
    }

    @ParameterizedTest(name = "{0}-bit {1} e_machine {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "64 | MSB | 21  | ppc64   | ELF 64-bit MSB executable, 64-bit PowerPC (ppc64), statically linked",
                "64 | LSB | 21  | ppc64le | ELF 64-bit LSB executable, 64-bit PowerPC (ppc64le), statically linked",
                "64 | MSB | 22  | s390x   | ELF 64-bit MSB executable, IBM S/390 (s390x), statically linked",
                "64 | LSB | 243 | riscv64 | ELF 64-bit LSB executable, RISC-V (riscv64), statically linked",
                "32 | LSB | 40  | arm     | ELF 32-bit LSB executable, ARM (arm), statically linked",
                "32 | MSB | 8   | unknown(e_machine=8)   | ELF 32-bit MSB executable, e_machine 8 (no supported architecture), statically linked",
                // the x32 ABI: x86-64 code in a 32-bit ELF file, which is not amd64
                "32 | LSB | 62  | unknown(e_machine=62)  | ELF 32-bit LSB executable, x86-64 (no supported architecture), statically linked",
                // 31-bit s390
                "32 | MSB | 22  | unknown(e_machine=22)  | ELF 32-bit MSB executable, IBM S/390 (no supported architecture), statically linked",
                // big-endian arm64 has no OCI name
                "64 | MSB | 183 | unknown(e_machine=183) | ELF 64-bit MSB executable, ARM aarch64 (no supported architecture), statically linked",
            })
    void architectureFromMachineClassAndByteOrder(
            int bits, String data, int machine, String architecture, String description) {
        ByteOrder order = data.equals("LSB") ? LITTLE_ENDIAN : BIG_ENDIAN;

        ExecutableFormat format =
                ExecutableSniffer.sniff(executable(bits, order, machine).build());

        assertThat(format).isEqualTo(new ElfExecutable(bits, order, EXECUTABLE, machine, architecture, STATIC, null));
        assertThat(format.description()).isEqualTo(description);
        assertThat(((ElfExecutable) format).runsOn(architecture)).isEqualTo(!architecture.startsWith("unknown"));
    }

    @Test
    void bigEndianInterpreterIsFound() {
        byte[] s390x = executable(64, BIG_ENDIAN, 22)
                .interpreter("/lib/ld64.so.1", 200)
                .build();

        assertThat(ExecutableSniffer.sniff(s390x))
                .isEqualTo(new ElfExecutable(64, BIG_ENDIAN, EXECUTABLE, 22, "s390x", DYNAMIC, "/lib/ld64.so.1"));
    }

    @Test
    void thirtyTwoBitInterpreterIsFound() {
        byte[] armhf = executable(32, LITTLE_ENDIAN, 40)
                .interpreter("/lib/ld-linux-armhf.so.3", 120)
                .build();

        ExecutableFormat format = ExecutableSniffer.sniff(armhf);

        assertThat(format)
                .isEqualTo(new ElfExecutable(
                        32, LITTLE_ENDIAN, EXECUTABLE, 40, "arm", DYNAMIC, "/lib/ld-linux-armhf.so.3"));
        assertThat(format.description())
                .isEqualTo(
                        "ELF 32-bit LSB executable, ARM (arm), dynamically linked, interpreter /lib/ld-linux-armhf.so.3");
    }

    @Test
    void thirtyTwoBitArmDoesNotCountAsRunnableOnArm64() {
        ElfExecutable arm = (ElfExecutable)
                ExecutableSniffer.sniff(executable(32, LITTLE_ENDIAN, 40).build());

        assertThat(arm.runsOn("arm64")).isFalse();
        assertThat(arm.runsOn("amd64")).isFalse();
        assertThat(arm.runsOn("arm")).isTrue();
        assertThat(arm.runsOn("armv7l")).isTrue();
    }

    @Test
    void programHeadersBeyondTheFirst4096BytesAreReadThroughTheByteRange() {
        byte[] file = new ElfBuilder(64, LITTLE_ENDIAN, 62)
                .type(ElfBuilder.ET_DYN)
                .programHeadersAt(8192)
                .programHeader(ElfBuilder.PT_LOAD, 0, 9000)
                .interpreter("/lib/ld-musl-x86_64.so.1", 9000)
                .size(10_000)
                .build();
        ElfExecutable expected =
                new ElfExecutable(64, LITTLE_ENDIAN, SHARED_OBJECT, 62, "amd64", DYNAMIC, "/lib/ld-musl-x86_64.so.1");

        assertThat(ExecutableSniffer.sniff(file)).isEqualTo(expected);
        // with only the first 4096 bytes, the program headers cannot be seen
        assertThat(ExecutableSniffer.sniff(Arrays.copyOf(file, 4096), file.length))
                .isEqualTo(new ElfExecutable(64, LITTLE_ENDIAN, SHARED_OBJECT, 62, "amd64", UNKNOWN, null));
        // the program headers but not the whole PT_INTERP string
        assertThat(ExecutableSniffer.sniff(Arrays.copyOf(file, 9010), file.length))
                .isEqualTo(new ElfExecutable(64, LITTLE_ENDIAN, SHARED_OBJECT, 62, "amd64", UNKNOWN, null));
        assertThat(ExecutableSniffer.sniff(Arrays.copyOf(file, 9025), file.length))
                .isEqualTo(expected);
    }

    @Test
    void firstInterpreterWins() {
        byte[] file = executable(64, LITTLE_ENDIAN, 183)
                .interpreter("/lib/ld-musl-aarch64.so.1", 300)
                .interpreter("/lib/ld-linux-aarch64.so.1", 400)
                .build();

        assertThat(((ElfExecutable) ExecutableSniffer.sniff(file)).interpreter())
                .isEqualTo("/lib/ld-musl-aarch64.so.1");
    }

    @Test
    void relocatableObjectIsNotExecutable() {
        ExecutableFormat format = ExecutableSniffer.sniff(
                new ElfBuilder(64, LITTLE_ENDIAN, 62).type(ElfBuilder.ET_REL).build());

        assertThat(format).isEqualTo(new ElfExecutable(64, LITTLE_ENDIAN, RELOCATABLE, 62, "amd64", UNKNOWN, null));
        assertThat(format.description()).isEqualTo("ELF 64-bit LSB relocatable, x86-64 (amd64)");
        assertThat(format.recognisedByKernel()).isFalse();
        assertThat(((ElfExecutable) format).runsOn("amd64")).isFalse();
    }

    @Test
    void coreFileAndUnknownTypeAreNotExecutable() {
        ExecutableFormat core = ExecutableSniffer.sniff(
                new ElfBuilder(64, LITTLE_ENDIAN, 183).type(4).build());
        ExecutableFormat other = ExecutableSniffer.sniff(
                new ElfBuilder(64, LITTLE_ENDIAN, 183).type(0xFE00).build());

        assertThat(core).isEqualTo(new ElfExecutable(64, LITTLE_ENDIAN, CORE, 183, "arm64", UNKNOWN, null));
        assertThat(core.description()).isEqualTo("ELF 64-bit LSB core file, ARM aarch64 (arm64)");
        assertThat(core.recognisedByKernel()).isFalse();
        assertThat(other).isEqualTo(new ElfExecutable(64, LITTLE_ENDIAN, OTHER, 183, "arm64", UNKNOWN, null));
        assertThat(other.recognisedByKernel()).isFalse();
    }

    @Test
    void invalidClassOrByteOrder() {
        assertThat(ExecutableSniffer.sniff(
                        executable(64, LITTLE_ENDIAN, 62).elfClass(3).build()))
                .isEqualTo(new TruncatedElf("EI_CLASS is 3, neither 32-bit (1) nor 64-bit (2)"));
        assertThat(ExecutableSniffer.sniff(
                        executable(64, LITTLE_ENDIAN, 62).elfData(0).build()))
                .isEqualTo(new TruncatedElf("EI_DATA is 0, neither LSB (1) nor MSB (2)"));
    }

    @Test
    void programHeaderTableTheKernelRejects() {
        assertThat(ExecutableSniffer.sniff(
                        executable(64, LITTLE_ENDIAN, 62).phentsize(0).build()))
                .isEqualTo(new TruncatedElf("e_phentsize is 0, the kernel expects 56"));
        assertThat(ExecutableSniffer.sniff(
                        executable(32, LITTLE_ENDIAN, 3).phentsize(56).build()))
                .isEqualTo(new TruncatedElf("e_phentsize is 56, the kernel expects 32"));
        assertThat(ExecutableSniffer.sniff(new ElfBuilder(64, LITTLE_ENDIAN, 62).build()))
                .isEqualTo(new TruncatedElf("e_phnum is 0, the kernel loads 1 to 1170 program headers"));
        assertThat(ExecutableSniffer.sniff(
                        executable(32, LITTLE_ENDIAN, 3).phnum(0xFFFF).build()))
                .isEqualTo(new TruncatedElf("e_phnum is 65535, the kernel loads 1 to 2048 program headers"));
    }

    @Test
    void programHeaderOffsetPastTheEndOfTheAddressSpace() {
        byte[] file = executable(64, LITTLE_ENDIAN, 62)
                .programHeadersAt(-256)
                .size(200)
                .build();

        assertThat(ExecutableSniffer.sniff(file))
                .isEqualTo(new TruncatedElf(
                        "the program headers end at byte 18446744073709551416, the file has 200 bytes"));
    }

    @Test
    void interpreterTheKernelRejects() {
        byte[] oneByte = executable(64, LITTLE_ENDIAN, 62)
                .programHeader(ElfBuilder.PT_INTERP, 100, 1)
                .size(200)
                .build();
        byte[] tooLong = executable(64, LITTLE_ENDIAN, 62)
                .programHeader(ElfBuilder.PT_INTERP, 100, 5000)
                .size(6000)
                .build();
        byte[] unterminated = executable(64, LITTLE_ENDIAN, 62)
                .programHeader(ElfBuilder.PT_INTERP, 200, 7)
                .bytes(200, Fixtures.ascii("/lib/ld"))
                .build();

        assertThat(ExecutableSniffer.sniff(oneByte))
                .isEqualTo(new TruncatedElf("the PT_INTERP p_filesz is 1, the kernel accepts 2 to 4096 bytes"));
        assertThat(ExecutableSniffer.sniff(tooLong))
                .isEqualTo(new TruncatedElf("the PT_INTERP p_filesz is 5000, the kernel accepts 2 to 4096 bytes"));
        assertThat(ExecutableSniffer.sniff(unterminated))
                .isEqualTo(new TruncatedElf("the PT_INTERP path is not NUL-terminated"));
    }

    @Test
    void randomDamageNeverEscapesAsAnException() {
        byte[] original = Fixtures.read("dynamic-aarch64");
        Random random = new Random(20240601L);
        int elfResults = 0;
        for (int round = 0; round < 5000; round++) {
            byte[] damaged = Arrays.copyOf(original, 64 + random.nextInt(original.length - 64));
            for (int i = 0; i < 4; i++) {
                // damage the ELF header and program headers, where the reader looks
                damaged[4 + random.nextInt(Math.min(damaged.length, 400) - 4)] = (byte) random.nextInt(256);
            }

            ExecutableFormat format = ExecutableSniffer.sniff(damaged);

            assertThat(format).isInstanceOfAny(ElfExecutable.class, TruncatedElf.class);
            assertThat(format.description()).startsWith("ELF ");
            if (format instanceof ElfExecutable) {
                elfResults++;
            }
        }
        assertThat(elfResults).as("some damage leaves a loadable file").isPositive();
    }

    @Test
    void ioErrorsOfTheSourcePropagate() {
        ByteRange failing = new ByteRange() {
            @Override
            public int read(long offset, byte[] buf, int off, int len) throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public long size() {
                return 1000;
            }
        };

        assertThatThrownBy(() -> ExecutableSniffer.sniff(failing))
                .isInstanceOf(IOException.class)
                .hasMessage("disk on fire");
    }

    @Test
    void recordRejectsAnInterpreterWithoutDynamicLinkage() {
        assertThatThrownBy(() -> new ElfExecutable(64, LITTLE_ENDIAN, EXECUTABLE, 62, "amd64", STATIC, "/lib/ld.so"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ElfExecutable(64, LITTLE_ENDIAN, EXECUTABLE, 62, "amd64", DYNAMIC, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
