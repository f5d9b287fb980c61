package io.github.ecspreflight.image.layout;

import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
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
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A whole-file gzip-compressed tar ({@code docker save | gzip}, fabric8's {@code docker:save} {@code .tar.gz}).
 * Gzip cannot seek, so the archive is decompressed once, front to back, keeping the small files (manifests,
 * configs) in memory: its cost grows with the archive's size, unlike the other sources.
 */
final class GzipTarImageFiles implements ImageFiles {

    /** Files up to this size are kept while streaming; metadata is kilobytes, layers are usually far larger. */
    private static final long KEEP_BYTES = 1024 * 1024;

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
        try (TarArchiveInputStream tar = openTar(archive)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = TarImageFiles.normalise(entry.getName());
                if (!entry.isFile()) {
                    continue;
                }
                files.names.add(name);
                if (entry.getSize() <= KEEP_BYTES) {
                    byte[] bytes = tar.readAllBytes();
                    if (bytes.length != entry.getSize()) {
                        throw new EOFException(name + " is cut short");
                    }
                    files.kept.put(name, bytes);
                }
            }
        } catch (IOException e) {
            throw new PreflightException(
                    displayName + ": truncated or corrupt gzip archive (" + Messages.oneLine(e) + ")", e);
        }
        if (files.names.isEmpty()) {
            throw new PreflightException(displayName + ": not a tar archive of an image (no entries)");
        }
        return files;
    }

    private static TarArchiveInputStream openTar(Path archive) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        return new TarArchiveInputStream(new GzipCompressorInputStream(raw, true));
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
        if (bytes == null) {
            throw new PreflightException(displayName + ": " + path
                    + (exists(path) ? " is too large for image metadata" : " is missing from the archive"));
        }
        return bytes;
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
