package io.github.ecspreflight.binary;

import java.util.List;
import java.util.Objects;

/**
 * A Mach-O file (macOS, iOS): the Linux kernel has no loader for it.
 *
 * @param universal whether it is a universal ("fat") file holding one slice per CPU type
 * @param cpuTypes the CPU types, e.g. ["arm64"] or ["x86_64", "arm64"], in file order; a header cut short
 *     lists those that were readable, possibly none
 */
public record MachOBinary(boolean universal, List<String> cpuTypes) implements ExecutableFormat {

    public MachOBinary {
        cpuTypes = List.copyOf(Objects.requireNonNull(cpuTypes, "cpuTypes"));
    }

    @Override
    public String description() {
        String kind = universal ? "Mach-O universal binary" : "Mach-O binary";
        String cpus = cpuTypes.isEmpty() ? "CPU type unreadable" : String.join(", ", cpuTypes);
        return kind + " (" + cpus + "), a macOS/iOS program that Linux cannot execute";
    }

    @Override
    public boolean recognisedByKernel() {
        return false;
    }
}
