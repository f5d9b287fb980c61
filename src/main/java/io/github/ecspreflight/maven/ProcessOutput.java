package io.github.ecspreflight.maven;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The process's own standard output, below whatever {@code System.out} has become. Maven 3 leaves {@code System.out}
 * the terminal; Maven 4 replaces it with a stream that logs each line as {@code [INFO] [stdout] ...}, and GitHub's
 * runner reads a workflow command ({@code ::error file=...}) only at the start of a line. File descriptor 1 is the
 * same pipe the runner reads on both, unprefixed. It is never closed: that would close the build's standard output.
 */
final class ProcessOutput {

    private static final PrintStream STDOUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);

    private ProcessOutput() {}

    /**
     * The stream, after Maven's own buffered output is flushed so that lines keep their order. Callers write whole
     * lines and flush, synchronized on the stream so that the lines of modules built in parallel never interleave.
     */
    static PrintStream stdout() {
        System.out.flush();
        System.err.flush();
        return STDOUT;
    }
}
