package io.github.ecspreflight.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;

/**
 * Class files and jars as the JDK's own tools write them: classes from this machine's {@code javac --release 17}, jars
 * from its {@code jar} tool. A class for a newer release is javac's class with the major version javac N writes
 * (N + 44, JVMS 4.1) in its header, the one thing that differs.
 */
public final class TestJars {

    private TestJars() {}

    /** {@code className} (dotted) compiled by javac --release 17, its header then saying {@code release}. */
    public static byte[] compile(Path work, String className, int release) throws IOException {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        String simple = className.substring(dot + 1);
        Path source = Files.createDirectories(work.resolve("src-" + System.nanoTime()))
                .resolve(simple + ".java");
        Files.writeString(
                source,
                (pkg.isEmpty() ? "" : "package " + pkg + ";\n") + "public class " + simple
                        + " { public static void main(String[] a) {} }\n");
        Path out = Files.createDirectories(work.resolve("classes-" + System.nanoTime()));
        JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--release", "17", "-d", out.toString(), source.toString());
        assertThat(status).as("javac").isZero();
        return withRelease(Files.readAllBytes(out.resolve(className.replace('.', '/') + ".class")), release);
    }

    /** The class file with u2 major_version (bytes 6-7) set as javac {@code --release N} sets it. */
    public static byte[] withRelease(byte[] classFile, int release) {
        byte[] bytes = classFile.clone();
        bytes[6] = (byte) ((release + 44) >> 8);
        bytes[7] = (byte) (release + 44);
        return bytes;
    }

    /** A jar written by the JDK's {@code jar} tool: the entries (name to content), and a manifest from the attributes. */
    public static byte[] jar(Path work, Map<String, String> manifest, Map<String, byte[]> entries) throws IOException {
        Path root = Files.createDirectories(work.resolve("jar-" + System.nanoTime()));
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            Path file = root.resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        Path manifestFile = work.resolve("manifest-" + System.nanoTime() + ".mf");
        StringBuilder text = new StringBuilder();
        manifest.forEach(
                (key, value) -> text.append(key).append(": ").append(value).append('\n'));
        Files.writeString(manifestFile, text);
        Path jar = work.resolve("out-" + System.nanoTime() + ".jar");
        List<String> args = new ArrayList<>(List.of("--create", "--file", jar.toString()));
        if (!manifest.isEmpty()) {
            args.addAll(List.of("--manifest", manifestFile.toString()));
        }
        args.addAll(List.of("-C", root.toString(), "."));
        StringWriter errors = new StringWriter();
        int status = ToolProvider.findFirst("jar")
                .orElseThrow()
                .run(new PrintWriter(new StringWriter()), new PrintWriter(errors), args.toArray(String[]::new));
        assertThat(status).as("jar: " + errors).isZero();
        return Files.readAllBytes(jar);
    }

    /**
     * A jar as archivers other than the jar tool write it (maven-jar-plugin's plexus-archiver, Gradle): the entries in
     * order, deflated, with no check of what they hold.
     */
    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * A Spring Boot executable jar as its repackager writes it: the launcher's Main-Class, the application's
     * Start-Class, its classes under BOOT-INF/classes and its dependencies stored (not deflated) under BOOT-INF/lib.
     */
    public static byte[] springBootJar(String startClass, Map<String, byte[]> classes, Map<String, byte[]> libs)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            Map<String, byte[]> deflated = new LinkedHashMap<>();
            deflated.put(
                    "META-INF/MANIFEST.MF",
                    ("Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader.launch.JarLauncher\n"
                                    + "Start-Class: " + startClass + "\nSpring-Boot-Classes: BOOT-INF/classes/\n"
                                    + "Spring-Boot-Lib: BOOT-INF/lib/\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            classes.forEach((name, content) -> deflated.put("BOOT-INF/classes/" + name, content));
            for (Map.Entry<String, byte[]> entry : deflated.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
            for (Map.Entry<String, byte[]> lib : libs.entrySet()) {
                ZipEntry entry = new ZipEntry("BOOT-INF/lib/" + lib.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(lib.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(lib.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(lib.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
