package io.github.ecspreflight.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlatformTest {

    @Test
    void normalisesTheNamesToolsUse() {
        assertThat(Platform.of("linux", "x86_64")).isEqualTo(Platform.LINUX_AMD64);
        assertThat(Platform.of("Linux", "aarch64")).isEqualTo(Platform.LINUX_ARM64);
        assertThat(new Platform("linux", "arm64", "v8", null)).isEqualTo(Platform.LINUX_ARM64);
        assertThat(new Platform("linux", "arm", "v7", null)).hasToString("linux/arm/v7");
    }

    @Test
    void attestationEntriesAreRecognised() {
        assertThat(Platform.of("unknown", "unknown").isAttestation()).isTrue();
        assertThat(Platform.LINUX_AMD64.isAttestation()).isFalse();
    }

    @Test
    void windowsVersionIsKeptButNotPartOfTheCpuComparison() {
        Platform image = new Platform("windows", "amd64", null, "10.0.20348.2113");
        assertThat(image.sameCpuAndOs(new Platform("windows", "amd64", null, "10.0.17763")))
                .isTrue();
        assertThat(image).hasToString("windows/amd64 (10.0.20348.2113)");
    }
}
