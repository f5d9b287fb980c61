package io.github.ecspreflight.binary;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads a jar the way a JVM starts from it: the central directory at its end, the manifest, and the first eight bytes
 * of each base class entry (magic, minor and major version), never the rest of the classes. A Spring Boot jar's
 * {@code BOOT-INF/lib} jars are read in place when stored (as Spring Boot stores them), or inflated into memory up to
 * {@value #MAX_INFLATED_NESTED_JAR} bytes when not.
 */
public final class JarReader {

    /** More entries than any real jar (the largest, fat jars of big frameworks, list a few hundred thousand). */
    static final int MAX_ENTRIES = 1_000_000;

    static final int MAX_MANIFEST = 1 << 20;

    static final int MAX_INFLATED_NESTED_JAR = 64 << 20;

    private static final String VERSIONS = "META-INF/versions/";

    private JarReader() {}

    /**
     * Reads the jar in {@code channel}, which it closes.
     *
     * @throws UnreadableJarException when the bytes are not a jar a JVM could open
     */
    public static JarContents read(SeekableByteChannel channel) throws UnreadableJarException {
        return read(channel, true);
    }

    private static JarContents read(SeekableByteChannel channel, boolean withNested) throws UnreadableJarException {
        ZipFile zip;
        try {
            zip = ZipFile.builder()
                    .setSeekableByteChannel(channel)
                    // the local headers are read only for the entries whose bytes are read
                    .setIgnoreLocalFileHeader(true)
                    .get();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new UnreadableJarException("not a readable jar (" + describe(e) + ")");
        }
        ClassHeads heads = new ClassHeads(channel);
        try (zip) {
            String mainClass = null;
            String startClass = null;
            List<String> classPath = List.of();
            JarContents.ClassVersion newest = null;
            int classes = 0;
            int entries = 0;
            List<JarContents.Nested> nested = new ArrayList<>();
            Enumeration<ZipArchiveEntry> all = zip.getEntries();
            while (all.hasMoreElements()) {
                ZipArchiveEntry entry = all.nextElement();
                if (++entries > MAX_ENTRIES) {
                    throw new UnreadableJarException("it lists more than " + MAX_ENTRIES + " entries");
                }
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.equals("META-INF/MANIFEST.MF")) {
                    Attributes attributes = manifest(zip, entry);
                    mainClass = attributes.getValue(Attributes.Name.MAIN_CLASS);
                    startClass = attributes.getValue("Start-Class");
                    String path = attributes.getValue(Attributes.Name.CLASS_PATH);
                    classPath = path == null || path.isBlank()
                            ? List.of()
                            : List.of(path.trim().split("\\s+"));
                } else if (isBaseClass(name)) {
                    int major = heads.majorVersion(entry);
                    if (major < 0) {
                        major = majorVersion(zip, entry);
                    }
                    if (major > 0) {
                        classes++;
                        if (newest == null || major > newest.majorVersion()) {
                            newest = new JarContents.ClassVersion(name, major);
                        }
                    }
                } else if (withNested && isNestedJar(name)) {
                    nested.add(nested(zip, channel, entry));
                }
            }
            return new JarContents(mainClass, startClass, classPath, newest, classes, nested);
        } catch (IOException | RuntimeException e) {
            // the layer under the jar was read whole when it was indexed, so what fails here is the jar's own bytes
            throw new UnreadableJarException("a damaged jar (" + describe(e) + ")");
        } finally {
            heads.end();
        }
    }

    /** A class every JVM loads from the jar: not a newer release's override, not the module descriptor. */
    static boolean isBaseClass(String name) {
        return name.endsWith(".class")
                && !name.startsWith(VERSIONS)
                && !name.equals("module-info.class")
                && !name.endsWith("/module-info.class");
    }

    private static boolean isNestedJar(String name) {
        return (name.startsWith("BOOT-INF/lib/") || name.startsWith("WEB-INF/lib/")) && name.endsWith(".jar");
    }

    private static Attributes manifest(ZipFile zip, ZipArchiveEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST);
            return new Manifest(new ByteArrayInputStream(bytes)).getMainAttributes();
        }
    }

    /**
     * The class file's major version through commons-compress's own entry stream: for the entries {@link ClassHeads}
     * cannot read in one go. 0 when the entry is no class file (the JVM's ClassFormatError, not ours).
     */
    private static int majorVersion(ZipFile zip, ZipArchiveEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] head = in.readNBytes(ClassHeads.HEAD);
            return ClassHeads.majorVersion(head, 0, head.length);
        }
    }

    private static JarContents.Nested nested(ZipFile zip, SeekableByteChannel outer, ZipArchiveEntry entry)
            throws IOException {
        String name = entry.getName();
        try {
            SeekableByteChannel inner;
            if (entry.getMethod() == ZipArchiveEntry.STORED) {
                zip.getRawInputStream(entry).close(); // finds where the entry's bytes start
                inner = new ChannelSlice(outer, entry.getDataOffset(), entry.getCompressedSize());
            } else if (entry.getSize() > MAX_INFLATED_NESTED_JAR) {
                return new JarContents.Nested(
                        name, null, "it is compressed and larger than " + (MAX_INFLATED_NESTED_JAR >> 20) + " MiB");
            } else {
                try (InputStream in = zip.getInputStream(entry)) {
                    inner = new SeekableInMemoryByteChannel(in.readNBytes(MAX_INFLATED_NESTED_JAR));
                }
            }
            return new JarContents.Nested(name, read(inner, false), null);
        } catch (UnreadableJarException e) {
            return new JarContents.Nested(name, null, e.getMessage());
        }
    }

    private static void closeQuietly(SeekableByteChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse("");
    }
}
