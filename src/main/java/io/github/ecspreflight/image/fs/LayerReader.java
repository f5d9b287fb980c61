package io.github.ecspreflight.image.fs;

import io.github.ecspreflight.binary.ChannelSlice;
import io.github.ecspreflight.binary.JarReader;
import io.github.ecspreflight.binary.UnreadableJarException;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ArchivePaths;
import io.github.ecspreflight.image.CountingInputStream;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TarArchives;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads one layer blob the cheapest way its storage allows. An uncompressed layer that can be seeked (in a directory
 * layout or an uncompressed archive) is indexed from its tar headers alone and file heads are read by seeking; any
 * other layer is streamed front to back, which is the only way to read a compressed one.
 */
final class LayerReader {

    static final int HEAD_BYTES = ImageFilesystem.HEAD_BYTES;

    /** The largest jar read from memory when a layer is streamed; a larger one goes through a temporary file. */
    static final int IN_MEMORY_JAR = 64 << 20;

    private static final int BLOCK = TarConstants.DEFAULT_RCDSIZE;
    private static final String ENCODING = "UTF-8";

    private enum Compression {
        NONE,
        GZIP,
        BZIP2,
        ZSTD,
        XZ
    }

    private final Image image;
    private final Descriptor layer;
    private final String what;

    /** @param what the layer for messages: {@code image oci:app: layer 2 of 3 (sha256:...)} */
    LayerReader(Image image, Descriptor layer, String what) {
        this.image = image;
        this.layer = layer;
        this.what = what;
    }

    /** Indexes the layer; when it has to be streamed, what {@code capture} names is kept. */
    LayerIndex index(Capture capture) throws PreflightException {
        try {
            Optional<SeekableByteChannel> channel = image.layerChannel(layer);
            if (channel.isPresent()) {
                try (SeekableByteChannel open = channel.get()) {
                    if (compression(magic(open)) == Compression.NONE) {
                        return seek(open);
                    }
                }
            }
            LayerIndex index = new LayerIndex(false);
            stream(index, true, capture, null);
            return index;
        } catch (PreflightException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new PreflightException(what + " is missing (" + layer.blobPath() + ")", e);
        } catch (LayerIndex.TooManyEntriesException e) {
            throw new PreflightException(what + " is refused: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        } catch (StackOverflowError e) {
            // commons-compress reads a GNU sparse map recursively: thousands of map entries overflow the stack
            throw new PreflightException(
                    what + " holds an entry nested too deep to read (a sparse-file map of " + "thousands of entries?)");
        }
    }

    /** The first {@link #HEAD_BYTES} of a regular file the index lists, by seeking or by streaming the layer again. */
    byte[] head(LayerIndex index, String name) throws PreflightException {
        byte[] kept = index.head(name);
        if (kept != null) {
            return kept;
        }
        LayerIndex.Node node = index.entry(name);
        if (node == null || node.kind() != LayerIndex.Kind.FILE) {
            throw new IllegalArgumentException(name + " is not a regular file of " + what);
        }
        try {
            if (index.seekable()) {
                try (SeekableByteChannel channel =
                        image.layerChannel(layer).orElseThrow(() -> new IOException("no longer seekable"))) {
                    ByteBuffer head = ByteBuffer.allocate((int) Math.min(node.size(), HEAD_BYTES));
                    channel.position(node.dataOffset());
                    while (head.hasRemaining() && channel.read(head) >= 0) {
                        // positional reads may return less than asked
                    }
                    if (head.hasRemaining()) {
                        throw new EOFException("/" + name + " is cut short");
                    }
                    return head.array();
                }
            }
            stream(index, false, Capture.of(Set.of(name)), name);
            byte[] head = index.head(name);
            if (head == null) {
                throw new IOException("/" + name + " is no longer in the layer");
            }
            return head;
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    /**
     * Reads a jar the index lists: in place by seeking into a seekable layer, else as kept when the layer was streamed,
     * else by streaming the layer again.
     */
    LayerIndex.JarRead jar(LayerIndex index, String name) throws PreflightException {
        LayerIndex.JarRead kept = index.jar(name);
        if (kept != null) {
            return kept;
        }
        LayerIndex.Node node = index.entry(name);
        if (node == null || node.kind() != LayerIndex.Kind.FILE) {
            throw new IllegalArgumentException(name + " is not a regular file of " + what);
        }
        try {
            if (index.seekable()) {
                try (SeekableByteChannel channel =
                        image.layerChannel(layer).orElseThrow(() -> new IOException("no longer seekable"))) {
                    return readJar(new ChannelSlice(channel, node.dataOffset(), node.size()));
                }
            }
            stream(index, false, new Capture(Set.of(), Set.of(ArchivePaths.parent(name))), name);
            LayerIndex.JarRead read = index.jar(name);
            if (read == null) {
                throw new IOException("/" + name + " is no longer in the layer");
            }
            return read;
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    private static LayerIndex.JarRead readJar(SeekableByteChannel jar) {
        try {
            return new LayerIndex.JarRead(JarReader.read(jar), null);
        } catch (UnreadableJarException e) {
            return new LayerIndex.JarRead(null, e.getMessage());
        }
    }

    /**
     * Reads the jar the tar stream is at, keeping it in the index, and its head too when {@code withHead}: from memory
     * up to {@value #IN_MEMORY_JAR} bytes, else through a temporary file, since its central directory is at its end.
     */
    private static void readJar(LayerIndex index, String name, InputStream tar, long size, boolean withHead)
            throws IOException {
        if (size <= IN_MEMORY_JAR) {
            byte[] bytes = tar.readNBytes((int) size);
            if (bytes.length != size) {
                throw new EOFException("/" + name + " is cut short");
            }
            if (withHead) {
                index.keepHead(name, Arrays.copyOf(bytes, Math.min(bytes.length, HEAD_BYTES)));
            }
            index.keepJar(name, readJar(new SeekableInMemoryByteChannel(bytes)));
            return;
        }
        Path spill = Files.createTempFile("ecs-preflight-", ".jar");
        try {
            try (OutputStream out = Files.newOutputStream(spill)) {
                if (tar.transferTo(out) != size) {
                    throw new EOFException("/" + name + " is cut short");
                }
            }
            if (withHead) {
                try (InputStream in = Files.newInputStream(spill)) {
                    index.keepHead(name, in.readNBytes(HEAD_BYTES));
                }
            }
            try (FileChannel channel = FileChannel.open(spill, StandardOpenOption.READ)) {
                index.keepJar(name, readJar(channel));
            }
        } finally {
            Files.deleteIfExists(spill);
        }
    }

    private LayerIndex seek(SeekableByteChannel channel) throws IOException {
        LayerIndex index = new LayerIndex(true);
        long size = channel.size();
        if (size == 0) {
            return index;
        }
        requireWholeBlocks(size);
        channel.position(0);
        TarFile tar = new TarFile(channel, TarConstants.DEFAULT_BLKSIZE, BLOCK, ENCODING, false);
        long end = 0;
        String last = null;
        for (TarArchiveEntry entry : tar.getEntries()) {
            String file = index.add(entry, entry.getDataOffset());
            // TarFile seeks over the data without reading it, so a cut-off layer shows only here.
            if (file != null && entry.getDataOffset() + entry.getSize() > size) {
                throw new EOFException("/" + file + " needs " + entry.getSize() + " bytes at offset "
                        + entry.getDataOffset() + " but the layer has " + size);
            }
            end = entry.getDataOffset() + (file != null ? entry.getSize() : 0);
            last = entry.getName();
        }
        // TarFile also stops quietly where a layer cut between two entries ends: a whole one has its end-of-archive
        // block there.
        if (!TarArchives.zeroBlockAt(channel, (end + BLOCK - 1) / BLOCK * BLOCK)) {
            throw new EOFException(
                    last == null
                            ? "not a tar archive"
                            : "it ends after " + last + " without tar's end-of-archive block");
        }
        return index;
    }

    /**
     * Reads the layer front to back. Building, it records every entry; either way it keeps what {@code capture} names,
     * and stops after {@code stopAfter} when that name occurs once.
     */
    private void stream(LayerIndex index, boolean building, Capture capture, String stopAfter)
            throws IOException, PreflightException {
        try (InputStream raw = image.openLayer(layer)) {
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
            buffered.mark(8);
            byte[] magic = buffered.readNBytes(6);
            buffered.reset();
            CountingInputStream data = new CountingInputStream(decompress(compression(magic), buffered));
            TarArchiveInputStream tar = new TarArchiveInputStream(data, ENCODING);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String file = building ? index.add(entry, -1) : LayerIndex.regularFileName(entry);
                long read = 0;
                if (file != null && capture.readsJar(file)) {
                    readJar(index, file, tar, entry.getRealSize(), capture.keepsHead(file));
                    read = entry.getRealSize();
                } else if (file != null && capture.keepsHead(file)) {
                    byte[] head = tar.readNBytes((int) Math.min(entry.getRealSize(), HEAD_BYTES));
                    index.keepHead(file, head);
                    read = head.length;
                } else if (file != null && capture.keepsClassHead(file)) {
                    byte[] head = tar.readNBytes((int) Math.min(entry.getRealSize(), Capture.CLASS_HEAD));
                    index.keepHead(file, head);
                    read = head.length;
                }
                read += tar.transferTo(OutputStream.nullOutputStream());
                if (file != null && read != entry.getRealSize()) {
                    throw new EOFException("/" + file + " is cut short");
                }
                if (file != null && file.equals(stopAfter) && !index.occursTwice(file)) {
                    return;
                }
            }
            if (building) {
                // The rest is the end-of-archive blocks; reading it makes gzip check its length and CRC trailer.
                data.transferTo(OutputStream.nullOutputStream());
                requireWholeBlocks(data.count());
            }
        }
    }

    private InputStream decompress(Compression compression, InputStream in) throws IOException, PreflightException {
        return switch (compression) {
            case NONE -> in;
            // The JDK's, which also reads concatenated members: commons-compress's builds on commons-io, whose
            // first use loads some 40 classes into every build.
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case ZSTD ->
                throw new PreflightException(what + " is zstd-compressed: zstd layers are not supported; "
                        + "build the image with gzip layers (the default of docker build and Jib)");
            case XZ ->
                throw new PreflightException(what + " is xz-compressed: xz layers are not supported; "
                        + "build the image with gzip layers (the default of docker build and Jib)");
        };
    }

    private static byte[] magic(SeekableByteChannel channel) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(6);
        channel.position(0);
        while (magic.hasRemaining() && channel.read(magic) > 0) {
            // fill what the channel has
        }
        byte[] bytes = new byte[magic.position()];
        magic.flip().get(bytes);
        return bytes;
    }

    /** By content, not media type: legacy archives give none, and tools mislabel. */
    private static Compression compression(byte[] magic) {
        if (startsWith(magic, 0x1f, 0x8b)) {
            return Compression.GZIP;
        }
        if (startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd)) {
            return Compression.ZSTD;
        }
        if (startsWith(magic, 'B', 'Z', 'h')) {
            return Compression.BZIP2;
        }
        if (startsWith(magic, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return Compression.XZ;
        }
        return Compression.NONE;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A tar is whole 512-byte blocks; anything else was cut short (or is no tar at all). */
    private static void requireWholeBlocks(long size) throws EOFException {
        if (size % BLOCK != 0) {
            throw new EOFException("it ends inside a tar block (" + size + " bytes)");
        }
    }

    private PreflightException corrupt(Exception e) {
        String cause = e instanceof EOFException
                        && (e.getMessage() == null || e.getMessage().isBlank())
                ? "unexpected end of data"
                : Messages.oneLine(e);
        return new PreflightException(what + " is truncated or corrupt (" + cause + ")", e);
    }

    /** Counts the decompressed bytes, to tell a whole tar from a cut one. */
}
