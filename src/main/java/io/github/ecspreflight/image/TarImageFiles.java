package io.github.ecspreflight.image;

import io.github.ecspreflight.PreflightException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * An uncompressed tar archive read by seeking: commons-compress's {@link TarFile} reads each header and skips over
 * the data, so opening a 1 GiB archive costs as much as opening a 2 MiB one with the same number of files.
 */
final class TarImageFiles implements ImageFiles {

    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();
    private final String displayName;

    private TarImageFiles(TarFile tar, String displayName) {
        this.tar = tar;
        this.displayName = displayName;
    }

    static TarImageFiles open(Path path, String displayName) throws IOException, PreflightException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        long archiveSize = channel.size();
        TarFile tar;
        try {
            tar = new TarFile(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new PreflightException(displayName + ": not a readable tar archive, truncated or corrupt ("
                    + ImageFiles.oneLine(e instanceof IOException io ? io : new IOException(e.getMessage())) + ")", e);
        }
        TarImageFiles files = new TarImageFiles(tar, displayName);
        for (TarArchiveEntry entry : tar.getEntries()) {
            // TarFile seeks past each entry's data without reading it, so a cut-off archive shows only here.
            if (entry.isFile() && entry.getDataOffset() + entry.getSize() > archiveSize) {
                tar.close();
                throw new PreflightException(displayName + ": truncated archive: " + entry.getName() + " needs "
                        + entry.getSize() + " bytes at offset " + entry.getDataOffset() + " but the file has "
                        + archiveSize);
            }
            files.entries.put(normalise(entry.getName()), entry);
        }
        if (files.entries.isEmpty()) {
            tar.close();
            throw new PreflightException(displayName + ": not a tar archive of an image (no entries)");
        }
        return files;
    }

    static String normalise(String name) {
        String normalised = name;
        while (normalised.startsWith("./")) {
            normalised = normalised.substring(2);
        }
        return normalised.startsWith("/") ? normalised.substring(1) : normalised;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public boolean exists(String path) {
        TarArchiveEntry entry = entries.get(normalise(path));
        return entry != null && (entry.isFile() || entry.isSymbolicLink() || entry.isLink());
    }

    @Override
    public byte[] readMetadata(String path) throws PreflightException {
        TarArchiveEntry entry = entries.get(normalise(path));
        if (entry == null) {
            throw new PreflightException(displayName + ": " + path + " is missing from the archive");
        }
        if (entry.getSize() > MAX_METADATA_BYTES) {
            throw new PreflightException(displayName + ": " + path + " is too large for image metadata");
        }
        try (InputStream in = tar.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length != entry.getSize()) {
                throw new PreflightException(displayName + ": truncated archive: " + path + " is cut short");
            }
            return bytes;
        } catch (IOException e) {
            throw new PreflightException(displayName + ": cannot read " + path + " (" + ImageFiles.oneLine(e) + ")", e);
        }
    }

    @Override
    public InputStream open(String path) throws IOException {
        TarArchiveEntry entry = entries.get(normalise(path));
        if (entry == null) {
            throw new IOException(path + " is missing from the archive");
        }
        return tar.getInputStream(entry);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
