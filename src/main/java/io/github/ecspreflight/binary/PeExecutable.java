package io.github.ecspreflight.binary;

/** A file starting with "MZ": a DOS/Windows (PE) executable, which the Linux kernel cannot execute. */
public record PeExecutable() implements ExecutableFormat {

    @Override
    public String description() {
        return "PE/DOS executable (MZ), a Windows program that Linux cannot execute";
    }

    @Override
    public boolean recognisedByKernel() {
        return false;
    }
}
