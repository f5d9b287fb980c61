package io.github.ecspreflight.binary;

import java.util.List;

/**
 * What a jar tells about the Java release it needs: its manifest's launcher attributes, and the newest class file among
 * its base entries (the ones every JVM reads; a multi-release jar's {@code META-INF/versions/N} entries are read only
 * by Java N and later, and {@code module-info.class} only by a JVM that has modules, so neither counts).
 *
 * @param mainClass the manifest's {@code Main-Class}, or null
 * @param startClass Spring Boot's {@code Start-Class} (the application's main class, which its launcher in
 *     {@code Main-Class} starts), or null
 * @param classPath the manifest's {@code Class-Path} entries as written: URLs relative to the jar's directory
 * @param newest the base class entry of the highest class-file major version, or null when the jar has none
 * @param classes how many base class entries were read
 * @param nested the jars a Spring Boot or WAR-style jar carries inside it ({@code BOOT-INF/lib}, {@code WEB-INF/lib})
 */
public record JarContents(
        String mainClass,
        String startClass,
        List<String> classPath,
        ClassVersion newest,
        int classes,
        List<Nested> nested) {

    public JarContents {
        classPath = List.copyOf(classPath);
        nested = List.copyOf(nested);
    }

    /** One class entry and its class-file major version (JVMS 4.1: 61 is Java 17, 65 is Java 21). */
    public record ClassVersion(String entry, int majorVersion) {

        /** The Java feature release the major version needs: major 65 needs Java 21; 45 to 52 are 1.1 to 8. */
        public int javaRelease() {
            return Math.max(1, majorVersion - 44);
        }
    }

    /**
     * A jar inside this one.
     *
     * @param contents what it holds; null when it cannot be read
     * @param problem why it cannot be read, or null
     */
    public record Nested(String entry, JarContents contents, String problem) {}
}
