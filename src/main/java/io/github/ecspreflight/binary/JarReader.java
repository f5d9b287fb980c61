package io.github.ecspreflight.binary;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads a jar the way a JVM starts from it: the central directory at its end (see {@link CentralDirectory}), the
 * manifest, and the first eight bytes of each base class entry (magic, minor and major version), never the rest of the
 * classes. A Spring Boot jar's {@code BOOT-INF/lib} jars are read in place when stored (as Spring Boot stores them), or
 * inflated into memory up to {@value #MAX_INFLATED_NESTED_JAR} bytes when not.
 */
public final class JarReader {

    /** More entries than any real jar (the largest, fat jars of big frameworks, list a few hundred thousand). */
    static final int MAX_ENTRIES = 1_000_000;

    static final int MAX_MANIFEST = 1 << 20;

    static final int MAX_INFLATED_NESTED_JAR = 64 << 20;

    private static final String VERSIONS = "META-INF/versions/";
    private static final int LOCAL_HEADER = 30;
    private static final int LOCAL_SIGNATURE = 0x04034b50;

    private JarReader() {}

    /**
     * Reads the jar in {@code channel}, which it closes.
     *
     * @throws UnreadableJarException when the bytes are not a jar a JVM could open
     */
    public static JarContents read(SeekableByteChannel channel) throws UnreadableJarException {
        try (SeekableByteChannel open = channel) {
            return read(open instanceof SeekableInMemoryByteChannel ? open : new ReadAheadChannel(open), true);
        } catch (IOException | RuntimeException e) {
            // the layer under the jar was read whole when it was indexed, so what fails here is the jar's own bytes
            throw new UnreadableJarException("a damaged jar (" + describe(e) + ")");
        }
    }

    private static JarContents read(SeekableByteChannel channel, boolean withNested)
            throws IOException, UnreadableJarException {
        List<CentralDirectory.Entry> entries = CentralDirectory.read(channel, MAX_ENTRIES);
        String mainClass = null;
        String startClass = null;
        List<String> classPath = List.of();
        JarContents.ClassVersion newest = null;
        int classes = 0;
        List<JarContents.Nested> nested = new ArrayList<>();
        ClassHeads heads = new ClassHeads(channel);
        try {
            for (CentralDirectory.Entry entry : entries) {
                String name = entry.name();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.equals("META-INF/MANIFEST.MF")) {
                    Attributes attributes = manifest(channel, entry);
                    mainClass = attributes.getValue(Attributes.Name.MAIN_CLASS);
                    startClass = attributes.getValue("Start-Class");
                    String path = attributes.getValue(Attributes.Name.CLASS_PATH);
                    classPath = path == null || path.isBlank()
                            ? List.of()
                            : List.of(path.trim().split("\\s+"));
                } else if (isBaseClass(name)) {
                    int major = heads.majorVersion(entry);
                    if (major < 0) {
                        major = majorVersion(channel, entry);
                    }
                    if (major > 0) {
                        classes++;
                        if (newest == null || major > newest.majorVersion()) {
                            newest = new JarContents.ClassVersion(name, major);
                        }
                    }
                } else if (withNested && isNestedJar(name)) {
                    nested.add(nested(channel, entry));
                }
            }
        } finally {
            heads.end();
        }
        return new JarContents(mainClass, startClass, classPath, newest, classes, nested);
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

    private static Attributes manifest(SeekableByteChannel channel, CentralDirectory.Entry entry)
            throws IOException, UnreadableJarException {
        try (InputStream in = open(channel, entry)) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST);
            return new Manifest(new ByteArrayInputStream(bytes)).getMainAttributes();
        }
    }

    /**
     * The class file's major version through a stream of the entry: for the entries {@link ClassHeads} cannot read in
     * one go. 0 when the entry is no class file (the JVM's ClassFormatError, not ours).
     */
    private static int majorVersion(SeekableByteChannel channel, CentralDirectory.Entry entry)
            throws IOException, UnreadableJarException {
        if (entry.method() != CentralDirectory.Entry.STORED && entry.method() != CentralDirectory.Entry.DEFLATED) {
            return 0;
        }
        try (InputStream in = open(channel, entry)) {
            byte[] head = in.readNBytes(ClassHeads.HEAD);
            return ClassHeads.majorVersion(head, 0, head.length);
        }
    }

    private static JarContents.Nested nested(SeekableByteChannel outer, CentralDirectory.Entry entry)
            throws IOException {
        String name = entry.name();
        try {
            SeekableByteChannel inner;
            if (entry.method() == CentralDirectory.Entry.STORED) {
                inner = new ChannelSlice(outer, dataOffset(outer, entry), entry.compressedSize());
            } else if (entry.size() > MAX_INFLATED_NESTED_JAR) {
                return new JarContents.Nested(
                        name, null, "it is compressed and larger than " + (MAX_INFLATED_NESTED_JAR >> 20) + " MiB");
            } else {
                try (InputStream in = open(outer, entry)) {
                    inner = new SeekableInMemoryByteChannel(in.readNBytes(MAX_INFLATED_NESTED_JAR));
                }
            }
            return new JarContents.Nested(name, read(inner, false), null);
        } catch (UnreadableJarException e) {
            return new JarContents.Nested(name, null, e.getMessage());
        }
    }

    /** Where the entry's bytes start: after its local header's name and extra field, which may differ from the
     * directory's. */
    static long dataOffset(SeekableByteChannel channel, CentralDirectory.Entry entry)
            throws IOException, UnreadableJarException {
        ByteBuffer header = ByteBuffer.allocate(LOCAL_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        channel.position(entry.localHeader());
        while (header.hasRemaining()) {
            if (channel.read(header) < 0) {
                throw new EOFException(entry.name() + "'s local header is cut short");
            }
        }
        if (header.getInt(0) != LOCAL_SIGNATURE) {
            throw new UnreadableJarException("a damaged jar (no local header for " + entry.name() + ")");
        }
        return entry.localHeader() + LOCAL_HEADER + (header.getShort(26) & 0xffff) + (header.getShort(28) & 0xffff);
    }

    /** The entry's content, inflated when deflated. */
    private static InputStream open(SeekableByteChannel channel, CentralDirectory.Entry entry)
            throws IOException, UnreadableJarException {
        long data = dataOffset(channel, entry);
        InputStream raw = Channels.newInputStream(new ChannelSlice(channel, data, entry.compressedSize()));
        return switch (entry.method()) {
            case CentralDirectory.Entry.STORED -> raw;
            case CentralDirectory.Entry.DEFLATED -> {
                Inflater inflater = new Inflater(true); // raw deflate, as zip stores it
                yield new FilterInputStream(new InflaterInputStream(raw, inflater, 8192)) {
                    @Override
                    public void close() throws IOException {
                        super.close();
                        inflater.end();
                    }
                };
            }
            default ->
                throw new UnreadableJarException("a jar a JVM cannot read (" + entry.name()
                        + " uses zip compression method " + entry.method() + ")");
        };
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse("");
    }
}
