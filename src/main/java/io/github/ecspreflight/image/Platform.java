package io.github.ecspreflight.image;

import java.util.Locale;

/**
 * An OCI platform, normalised on construction so that platforms written by different tools compare equal:
 * {@code x86_64} = {@code amd64}, {@code aarch64} = {@code arm64}, and {@code arm64/v8} = {@code arm64}
 * (v8 is the only arm64 variant a registry or ECS distinguishes, so it carries no information).
 *
 * @param variant null when absent
 * @param osVersion null when absent; only Windows images set it (e.g. {@code 10.0.20348.2113})
 */
public record Platform(String os, String architecture, String variant, String osVersion) {

    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null, null);
    public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", null, null);

    public Platform {
        os = normaliseOs(os);
        architecture = normaliseArchitecture(architecture);
        variant = normaliseVariant(architecture, variant);
        osVersion = blankToNull(osVersion);
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, null, null);
    }

    /** The {@code unknown/unknown} platform that BuildKit gives attestation manifests in an index. */
    public boolean isAttestation() {
        return "unknown".equals(os) && "unknown".equals(architecture);
    }

    /** Same OS and CPU (architecture and variant); the OS version is compared separately, by EP002. */
    public boolean sameCpuAndOs(Platform other) {
        return os.equals(other.os)
                && architecture.equals(other.architecture)
                && java.util.Objects.equals(variant, other.variant);
    }

    public static String normaliseArchitecture(String architecture) {
        String arch = blankToNull(architecture);
        if (arch == null) {
            return "unknown";
        }
        arch = arch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "x86-64", "x64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386", "i486", "i586", "i686", "x86" -> "386";
            case "armhf", "armel", "aarch32" -> "arm";
            default -> arch;
        };
    }

    private static String normaliseOs(String os) {
        String value = blankToNull(os);
        return value == null ? "unknown" : value.toLowerCase(Locale.ROOT);
    }

    private static String normaliseVariant(String architecture, String variant) {
        String value = blankToNull(variant);
        if (value == null) {
            return null;
        }
        value = value.toLowerCase(Locale.ROOT);
        if ("arm64".equals(architecture) && ("v8".equals(value) || "8".equals(value))) {
            return null;
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** {@code linux/arm64}, {@code linux/arm/v7}, {@code windows/amd64 (10.0.20348)}. */
    @Override
    public String toString() {
        String text = os + "/" + architecture + (variant == null ? "" : "/" + variant);
        return osVersion == null ? text : text + " (" + osVersion + ")";
    }
}
