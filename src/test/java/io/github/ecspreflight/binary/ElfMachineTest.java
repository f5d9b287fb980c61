package io.github.ecspreflight.binary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElfMachineTest {

    @ParameterizedTest
    @CsvSource({
        "x86_64, amd64",
        "x86-64, amd64",
        "AMD64, amd64",
        " amd64 , amd64",
        "aarch64, arm64",
        "arm64, arm64",
        "ARM64, arm64",
        "i386, 386",
        "i686, 386",
        "386, 386",
        "armhf, arm",
        "armv7l, arm",
        "arm, arm",
        "ppc64le, ppc64le",
        "ppc64, ppc64",
        "s390x, s390x",
        "riscv64, riscv64",
        "mips64le, mips64le",
    })
    void normalisesArchitectureNames(String name, String expected) {
        assertThat(ElfMachine.normalise(name)).isEqualTo(expected);
    }
}
