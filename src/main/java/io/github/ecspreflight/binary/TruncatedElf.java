package io.github.ecspreflight.binary;

import java.util.Objects;

/**
 * A file with the ELF magic that cannot run: cut short (inside its headers, its PT_INTERP path or a PT_LOAD
 * segment), or with header values the kernel's loader rejects. {@code execve} fails (ENOEXEC, EIO), or, for a
 * segment past the end of the file, the new process dies of SIGBUS; treat it as not runnable.
 *
 * @param reason what is missing or wrong, e.g. "the program headers end at byte 400, the file has 100 bytes"
 */
public record TruncatedElf(String reason) implements ExecutableFormat {

    public TruncatedElf {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String description() {
        return "ELF (truncated): " + reason;
    }

    @Override
    public boolean recognisedByKernel() {
        return false;
    }
}
