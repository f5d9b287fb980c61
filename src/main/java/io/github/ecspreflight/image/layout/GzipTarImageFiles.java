package io.github.ecspreflight.image.layout;

import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.CountingInputStream;
import io.github.ecspreflight.image.ImageFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A whole-file gzip-compressed tar ({@code docker save | gzip}, fabric8's {@code docker:save} {@code .tar.gz}).
 * Gzip cannot seek, so the archive is decompressed once, front to back, keeping the small files (manifests,
 * configs) in memory: its cost grows with the archive's size, unlike the other sources.
 */
final class GzipTarImageFiles implements ImageFiles {

    /** Files up to this size are kept while streaming; metadata is kilobytes, layers are usually far larger. */
    private static final long KEEP_BYTES = 1024 * 1024;
    /**
     * At most this much is kept in all: an archive of thousands of small files (a bomb of 1 MiB zero files compresses
     * to almost nothing) must not fill the heap. What is not kept is read by streaming the archive again.
     */
    private static final long KEEP_TOTAL_BYTES = 32L * 1024 * 1024;

    private final Path archive;
    private final String displayName;
    private final Map<String, byte[]> kept = new HashMap<>();
    private final Set<String> names = new HashSet<>();

    private GzipTarImageFiles(Path archive, String displayName) {
        this.archive = archive;
        this.displayName = displayName;
    }

    static GzipTarImageFiles read(Path archive, String displayName) throws PreflightException {
        GzipTarImageFiles files = new GzipTarImageFiles(archive, displayName);
        long keptBytes = 0;
        try (CountingInputStream counted = new CountingInputStream(gunzip(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(counted)) {
            TarArchiveEntry entry;
            String last = null;
            long lastEnd = 0;
            while ((entry = tar.getNextEntry()) != null) {
                String name = TarImageFiles.normalise(entry.getName());
                last = entry.getName();
                // the header was just read: the entry's data, padded to whole blocks, ends here
                lastEnd = counted.count() + (entry.getSize() + BLOCK - 1) / BLOCK * BLOCK;
                if (!entry.isFile()) {
                    continue;
                }
                files.names.add(name);
                if (entry.getSize() <= KEEP_BYTES && keptBytes + entry.getSize() <= KEEP_TOTAL_BYTES) {
                    byte[] bytes = tar.readAllBytes();
                    if (bytes.length != entry.getSize()) {
                        throw new EOFException(name + " is cut short");
                    }
                    files.kept.put(name, bytes);
                    keptBytes += bytes.length;
                }
            }
            // A whole tar has its end-of-archive block after the last entry; a docker save | gzip that died between
            // two entries has none, and is as truncated as the same tar uncompressed.
            if (last != null && counted.count() < lastEnd + BLOCK) {
                throw new PreflightException(displayName + ": truncated archive: it ends after " + last
                        + " without tar's end-of-archive blocks (an interrupted copy or save?)");
            }
        } catch (IOException e) {
            throw new PreflightException(
                    displayName + ": truncated or corrupt gzip archive (" + Messages.oneLine(e) + ")", e);
        } catch (StackOverflowError e) {
            // commons-compress reads a GNU sparse map recursively: thousands of map entries overflow the stack
            throw new PreflightException(displayName + ": holds an entry nested too deep to read (a sparse-file map of "
                    + "thousands of entries?)");
        }
        if (files.names.isEmpty()) {
            throw new PreflightException(displayName + ": not a tar archive of an image (no entries)");
        }
        return files;
    }

    private static final int BLOCK = 512;

    private static InputStream gunzip(Path archive) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        return new GZIPInputStream(raw, 1 << 16);
    }

    private static TarArchiveInputStream openTar(Path archive) throws IOException {
        return new TarArchiveInputStream(gunzip(archive));
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public boolean exists(String path) {
        return names.contains(TarImageFiles.normalise(path));
    }

    @Override
    public byte[] readMetadata(String path) throws PreflightException {
        byte[] bytes = kept.get(TarImageFiles.normalise(path));
        if (bytes != null) {
            return bytes;
        }
        if (!exists(path)) {
            throw new PreflightException(displayName + ": " + path + " is missing from the archive");
        }
        // not kept: past the memory budget, or larger than any metadata
        try (InputStream in = open(path)) {
            byte[] read = in.readNBytes((int) MAX_METADATA_BYTES + 1);
            if (read.length > MAX_METADATA_BYTES) {
                throw new PreflightException(displayName + ": " + path + " is too large for image metadata");
            }
            return read;
        } catch (IOException e) {
            throw new PreflightException(displayName + ": cannot read " + path + " (" + Messages.oneLine(e) + ")", e);
        }
    }

    /** Small files come from memory; a layer is found by decompressing the archive again up to it. */
    @Override
    public InputStream open(String path) throws IOException {
        String name = TarImageFiles.normalise(path);
        byte[] bytes = kept.get(name);
        if (bytes != null) {
            return new ByteArrayInputStream(bytes);
        }
        TarArchiveInputStream tar = openTar(archive);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            if (entry.isFile() && TarImageFiles.normalise(entry.getName()).equals(name)) {
                return tar;
            }
        }
        tar.close();
        throw new IOException(path + " is missing from the archive");
    }

    @Override
    public void close() {}
}
