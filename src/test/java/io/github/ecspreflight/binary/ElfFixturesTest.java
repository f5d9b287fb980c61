package io.github.ecspreflight.binary;

import static io.github.ecspreflight.binary.ElfExecutable.Linkage.DYNAMIC;
import static io.github.ecspreflight.binary.ElfExecutable.Linkage.STATIC;
import static io.github.ecspreflight.binary.ElfExecutable.Linkage.UNKNOWN;
import static io.github.ecspreflight.binary.ElfExecutable.ObjectType.EXECUTABLE;
import static io.github.ecspreflight.binary.ElfExecutable.ObjectType.SHARED_OBJECT;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real binaries built by gcc and aarch64-linux-gnu-gcc (see make-fixtures.sh). */
class ElfFixturesTest {

    private static final ElfDynamic NO_LIBRARIES = new ElfDynamic(List.of(), List.of(), List.of());
    private static final ElfDynamic LIBC_ONLY = new ElfDynamic(List.of("libc.so.6"), List.of(), List.of());

    @Test
    void staticX86_64() {
        ExecutableFormat format = ExecutableSniffer.sniff(Fixtures.read("static-x86_64"));

        assertThat(format).isEqualTo(new ElfExecutable(64, LITTLE_ENDIAN, EXECUTABLE, 62, "amd64", STATIC, null));
        assertThat(format.description()).isEqualTo("ELF 64-bit LSB executable, x86-64 (amd64), statically linked");
        assertThat(format.recognisedByKernel()).isTrue();
        ElfExecutable elf = (ElfExecutable) format;
        assertThat(elf.isDynamicallyLinked()).isFalse();
        assertThat(elf.runsOn("amd64")).isTrue();
        assertThat(elf.runsOn("x86_64")).isTrue();
        assertThat(elf.runsOn("arm64")).isFalse();
    }

    @Test
    void staticAarch64() {
        ExecutableFormat format = ExecutableSniffer.sniff(Fixtures.read("static-aarch64"));

        assertThat(format).isEqualTo(new ElfExecutable(64, LITTLE_ENDIAN, EXECUTABLE, 183, "arm64", STATIC, null));
        assertThat(format.description()).isEqualTo("ELF 64-bit LSB executable, ARM aarch64 (arm64), statically linked");
        ElfExecutable elf = (ElfExecutable) format;
        assertThat(elf.runsOn("arm64")).isTrue();
        assertThat(elf.runsOn("aarch64")).isTrue();
        assertThat(elf.runsOn("amd64")).isFalse();
    }

    @Test
    void staticI386RunsOnAmd64ButNotOnArm64() {
        ExecutableFormat format = ExecutableSniffer.sniff(Fixtures.read("static-i386"));

        assertThat(format).isEqualTo(new ElfExecutable(32, LITTLE_ENDIAN, EXECUTABLE, 3, "386", STATIC, null));
        assertThat(format.description()).isEqualTo("ELF 32-bit LSB executable, Intel 80386 (386), statically linked");
        ElfExecutable elf = (ElfExecutable) format;
        assertThat(elf.runsOn("386")).isTrue();
        assertThat(elf.runsOn("amd64")).isTrue();
        assertThat(elf.runsOn("arm64")).isFalse();
    }

    @Test
    void staticPieIsSharedObjectWithoutInterpreter() {
        ExecutableFormat format = ExecutableSniffer.sniff(Fixtures.read("static-pie-x86_64"));

        // static-pie keeps a PT_DYNAMIC for its own relocations, but needs no library
        assertThat(format)
                .isEqualTo(
                        new ElfExecutable(64, LITTLE_ENDIAN, SHARED_OBJECT, 62, "amd64", STATIC, null, NO_LIBRARIES));
        assertThat(format.description()).isEqualTo("ELF 64-bit LSB pie executable, x86-64 (amd64), static-pie linked");
        assertThat(format.recognisedByKernel()).isTrue();
    }

    @Test
    void dynamicX86_64NamesItsLoader() {
        ExecutableFormat format = ExecutableSniffer.sniff(Fixtures.read("dynamic-x86_64"));

        assertThat(format)
                .isEqualTo(new ElfExecutable(
                        64,
                        LITTLE_ENDIAN,
                        SHARED_OBJECT,
                        62,
                        "amd64",
                        DYNAMIC,
                        "/lib64/ld-linux-x86-64.so.2",
                        LIBC_ONLY));
        assertThat(format.description())
                .isEqualTo("ELF 64-bit LSB pie executable, x86-64 (amd64), "
                        + "dynamically linked, interpreter /lib64/ld-linux-x86-64.so.2");
        ElfExecutable elf = (ElfExecutable) format;
        assertThat(elf.isDynamicallyLinked()).isTrue();
        assertThat(elf.runsOn("amd64")).isTrue();
        assertThat(elf.runsOn("arm64")).isFalse();
    }

    @Test
    void dynamicAarch64NamesItsLoader() {
        ExecutableFormat format = ExecutableSniffer.sniff(Fixtures.read("dynamic-aarch64"));

        assertThat(format)
                .isEqualTo(new ElfExecutable(
                        64,
                        LITTLE_ENDIAN,
                        SHARED_OBJECT,
                        183,
                        "arm64",
                        DYNAMIC,
                        "/lib/ld-linux-aarch64.so.1",
                        LIBC_ONLY));
        assertThat(format.description())
                .isEqualTo("ELF 64-bit LSB pie executable, ARM aarch64 (arm64), "
                        + "dynamically linked, interpreter /lib/ld-linux-aarch64.so.1");
        ElfExecutable elf = (ElfExecutable) format;
        assertThat(elf.runsOn("arm64")).isTrue();
        assertThat(elf.runsOn("amd64")).isFalse();
    }

    static Stream<String> fixtures() {
        return Stream.of(
                "static-x86_64",
                "static-aarch64",
                "static-i386",
                "static-pie-x86_64",
                "dynamic-x86_64",
                "dynamic-aarch64");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fileChannelGivesTheSameAnswerAsTheBytes(String name) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(Fixtures.path(name))) {
            ExecutableFormat viaChannel = ExecutableSniffer.sniff(ByteRange.of(channel));

            assertThat(viaChannel)
                    .isInstanceOf(ElfExecutable.class)
                    .isEqualTo(ExecutableSniffer.sniff(Fixtures.read(name)));
        }
    }

    /**
     * Cuts each fixture at every length: short of the end of its last PT_LOAD segment (from readelf -l) it is a
     * truncated ELF, past it (only section headers missing) the same executable as the whole file.
     */
    @ParameterizedTest
    @CsvSource({
        "static-x86_64, 185",
        "static-aarch64, 232",
        "static-i386, 125",
        "static-pie-x86_64, 568",
        "dynamic-x86_64, 1016",
        "dynamic-aarch64, 1096"
    })
    void everyCutIsTruncatedUntilTheSegmentsAreCompleteAndNeverAnException(String name, int loadEnd) {
        byte[] content = Fixtures.read(name);
        ExecutableFormat whole = ExecutableSniffer.sniff(content);
        for (int length = 0; length < content.length; length++) {
            ExecutableFormat format = ExecutableSniffer.sniff(Fixtures.firstBytes(name, length));

            if (length < 4) {
                assertThat(format).as("first %d bytes", length).isInstanceOf(NotExecutable.class);
            } else if (length < loadEnd) {
                assertThat(format).as("first %d bytes", length).isInstanceOf(TruncatedElf.class);
            } else {
                assertThat(format).as("first %d bytes", length).isEqualTo(whole);
            }
        }
    }

    @Test
    void cutInsideTheIdentification() {
        ExecutableFormat format = ExecutableSniffer.sniff(Fixtures.firstBytes("static-x86_64", 10));

        assertThat(format).isEqualTo(new TruncatedElf("the file ends after 10 bytes, inside the 16-byte e_ident"));
        assertThat(format.description())
                .isEqualTo("ELF (truncated): the file ends after 10 bytes, inside the 16-byte e_ident");
        assertThat(format.recognisedByKernel()).isFalse();
    }

    @Test
    void cutInsideTheElfHeader() {
        assertThat(ExecutableSniffer.sniff(Fixtures.firstBytes("static-aarch64", 40)))
                .isEqualTo(new TruncatedElf("the 64-bit ELF header needs 64 bytes, the file has 40"));
        assertThat(ExecutableSniffer.sniff(Fixtures.firstBytes("static-i386", 51)))
                .isEqualTo(new TruncatedElf("the 32-bit ELF header needs 52 bytes, the file has 51"));
    }

    @Test
    void cutInsideTheProgramHeaders() {
        // 6 program headers of 56 bytes from e_phoff 64 end at byte 400
        assertThat(ExecutableSniffer.sniff(Fixtures.firstBytes("dynamic-x86_64", 100)))
                .isEqualTo(new TruncatedElf("the program headers end at byte 400, the file has 100 bytes"));
        // 2 program headers of 32 bytes from e_phoff 52 end at byte 116
        assertThat(ExecutableSniffer.sniff(Fixtures.firstBytes("static-i386", 60)))
                .isEqualTo(new TruncatedElf("the program headers end at byte 116, the file has 60 bytes"));
    }

    @Test
    void cutInsideTheInterpreterPath() {
        // PT_INTERP: 27 bytes ("/lib/ld-linux-aarch64.so.1" and NUL) at offset 0x190 = 400
        assertThat(ExecutableSniffer.sniff(Fixtures.firstBytes("dynamic-aarch64", 410)))
                .isEqualTo(new TruncatedElf("the PT_INTERP path ends at byte 427, the file has 410 bytes"));
    }

    @Test
    void cutInsideALoadSegment() {
        assertThat(ExecutableSniffer.sniff(Fixtures.firstBytes("dynamic-x86_64", 1000)))
                .isEqualTo(new TruncatedElf("a PT_LOAD segment ends at byte 1016, the file has 1000 bytes"));
    }

    @Test
    void headWithoutTheProgramHeadersLeavesTheLinkageUnknown() {
        byte[] content = Fixtures.read("dynamic-aarch64");

        ExecutableFormat format = ExecutableSniffer.sniff(Fixtures.firstBytes("dynamic-aarch64", 128), content.length);

        assertThat(format).isEqualTo(new ElfExecutable(64, LITTLE_ENDIAN, SHARED_OBJECT, 183, "arm64", UNKNOWN, null));
        assertThat(format.description())
                .isEqualTo("ELF 64-bit LSB pie executable, ARM aarch64 (arm64), "
                        + "linkage unknown (program headers or PT_INTERP beyond the bytes read)");
        assertThat(format.recognisedByKernel()).isTrue();
        assertThat(((ElfExecutable) format).runsOn("arm64")).isTrue();
    }

    @Test
    void headEndingInsideTheInterpreterPathLeavesTheLinkageUnknown() {
        byte[] content = Fixtures.read("dynamic-x86_64");

        assertThat(ExecutableSniffer.sniff(Fixtures.firstBytes("dynamic-x86_64", 410), content.length))
                .isEqualTo(new ElfExecutable(64, LITTLE_ENDIAN, SHARED_OBJECT, 62, "amd64", UNKNOWN, null));
    }

    @Test
    void headTooShortForTheElfHeader() {
        assertThat(ExecutableSniffer.sniff(Fixtures.firstBytes("static-x86_64", 4), 400))
                .isEqualTo(new TruncatedElf("only 4 of the file's 400 bytes were readable"));
        assertThat(ExecutableSniffer.sniff(Fixtures.firstBytes("static-x86_64", 32), 400))
                .isEqualTo(new TruncatedElf("only 32 of the file's 400 bytes were readable"));
    }

    @ParameterizedTest
    @ValueSource(ints = {428, 1024, 4096})
    void headHoldingTheInterpreterPathIsEnough(int headSize) {
        byte[] content = Fixtures.read("dynamic-x86_64");
        byte[] head = Arrays.copyOf(content, Math.min(headSize, content.length));

        ElfExecutable elf = (ElfExecutable) ExecutableSniffer.sniff(head, content.length);

        assertThat(elf.interpreter()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
        // the dynamic section lies further on than the interpreter path: the 428-byte head stops short of it
        assertThat(elf.dynamic()).isEqualTo(headSize == 428 ? null : LIBC_ONLY);
    }

    @Test
    void theDynamicSectionNamesTheLibrariesAndTheRunpathInLdSosOrder() {
        ElfExecutable elf = (ElfExecutable) ExecutableSniffer.sniff(Fixtures.read("dynamic-zlib-x86_64"));

        assertThat(elf.dynamic())
                .isEqualTo(new ElfDynamic(List.of("libz.so.1", "libc.so.6"), List.of(), List.of("$ORIGIN/../lib")));
    }

    @Test
    void aDynamicSectionPastTheHeadIsNotGuessed() {
        byte[] content = Fixtures.read("dynamic-zlib-x86_64");
        ElfExecutable elf = (ElfExecutable) ExecutableSniffer.sniff(Arrays.copyOf(content, 1024), content.length);

        assertThat(elf.interpreter()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
        assertThat(elf.dynamic()).isNull();
    }

    @Test
    void debiansZlibNeedsLibc() throws IOException {
        java.nio.file.Path zlib = java.nio.file.Path.of("/lib/x86_64-linux-gnu/libz.so.1");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(zlib), "Debian's zlib1g for x86-64");
        ElfExecutable elf = (ElfExecutable) ExecutableSniffer.sniff(Files.readAllBytes(zlib));

        assertThat(elf.type()).isEqualTo(SHARED_OBJECT);
        assertThat(elf.dynamic().needed()).containsExactly("libc.so.6");
    }
}
