package io.github.ecspreflight.binary;

import java.util.Objects;

/**
 * A file the kernel refuses with ENOEXEC ("exec format error"). A shell would run a text file like this as
 * a shell script, but runc starts the entrypoint with execve, not through a shell, so on ECS it fails.
 *
 * @param looksLike what the content looks like: "empty file", "text without a #! line", "gzip compressed data",
 *     "Zip archive (jar/zip)", "xz compressed data", "zstd compressed data", "bzip2 compressed data",
 *     "#! line without an interpreter", "#! line whose interpreter path does not fit the kernel's 255 bytes",
 *     or "data"
 */
public record NotExecutable(String looksLike) implements ExecutableFormat {

    public NotExecutable {
        Objects.requireNonNull(looksLike, "looksLike");
    }

    @Override
    public String description() {
        return "not an executable format (" + looksLike + ")";
    }

    @Override
    public boolean recognisedByKernel() {
        return false;
    }
}
