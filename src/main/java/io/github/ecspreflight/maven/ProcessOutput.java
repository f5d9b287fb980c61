package io.github.ecspreflight.maven;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where lines that must start an output line go: GitHub's runner reads a workflow command ({@code ::error file=...})
 * only at the start of a line. Maven 3 leaves {@code System.out} the process's standard output, and its logger prints
 * each line through it in one call, so a block printed there in one call never lands inside another module's line
 * under {@code -T}. Maven 4 replaces {@code System.out} with a stream that logs each line as
 * {@code [INFO] [stdout] ...}; there the block goes to file descriptor 1 itself, in one write.
 */
final class ProcessOutput {

    /** Buffered so that a block, flushed once, is one write; never closed, which would close the build's output. */
    private static final PrintStream STDOUT = new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.UTF_8);

    private ProcessOutput() {}

    /**
     * The stream for this Maven: {@code System.out} under Maven 3, the process's own standard output under Maven 4,
     * after Maven's buffered output is flushed so that lines keep their order. Callers print a whole block in one call
     * and flush.
     *
     * @param mavenVersion the running Maven's version ({@code 3.9.9}, {@code 4.0.0-rc-5}); null: Maven 3
     */
    static PrintStream stdout(String mavenVersion) {
        if (mavenVersion == null || !mavenVersion.startsWith("4")) {
            return System.out;
        }
        System.out.flush();
        System.err.flush();
        return STDOUT;
    }
}
