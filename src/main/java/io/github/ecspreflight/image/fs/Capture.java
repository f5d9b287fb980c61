package io.github.ecspreflight.image.fs;

import io.github.ecspreflight.image.ArchivePaths;
import java.util.Set;

/**
 * What a streamed layer keeps of the files it passes, so that the checks after the walk need no second pass: the
 * heads of the files named in {@code heads}, and under the {@code javaDirectories} every jar read (its central
 * directory and class headers, see {@link io.github.ecspreflight.binary.JarReader}) and the header of every class file.
 * Names are clean (no leading slash).
 */
record Capture(Set<String> heads, Set<String> javaDirectories) {

    /** How much of a class file tells its version: magic, minor and major version. */
    static final int CLASS_HEAD = 8;

    static Capture of(Set<String> heads) {
        return new Capture(heads, Set.of());
    }

    boolean keepsHead(String name) {
        return heads.contains(name);
    }

    boolean readsJar(String name) {
        return name.endsWith(".jar") && underJavaDirectory(name);
    }

    boolean keepsClassHead(String name) {
        return name.endsWith(".class") && underJavaDirectory(name);
    }

    private boolean underJavaDirectory(String name) {
        for (String directory = ArchivePaths.parent(name); ; directory = ArchivePaths.parent(directory)) {
            if (javaDirectories.contains(directory)) {
                return true;
            }
            if (directory.isEmpty()) {
                return false;
            }
        }
    }
}
