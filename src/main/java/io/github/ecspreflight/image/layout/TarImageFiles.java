package io.github.ecspreflight.image.layout;

import io.github.ecspreflight.binary.ChannelSlice;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ArchivePaths;
import io.github.ecspreflight.image.ImageFiles;
import io.github.ecspreflight.image.TarArchives;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * An uncompressed tar archive read by seeking: commons-compress's {@link TarFile} reads each header and skips over
 * the data, so opening a 1 GiB archive costs as much as opening a 2 MiB one with the same number of files.
 */
final class TarImageFiles implements ImageFiles {

    private static final int BLOCK = TarConstants.DEFAULT_RCDSIZE;

    private final TarFile tar;
    private final FileChannel channel;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();
    private final String displayName;

    private TarImageFiles(TarFile tar, FileChannel channel, String displayName) {
        this.tar = tar;
        this.channel = channel;
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
            throw new PreflightException(
                    displayName + ": not a readable tar archive, truncated or corrupt ("
                            + Messages.oneLine(e instanceof IOException io ? io : new IOException(e.getMessage()))
                            + ")",
                    e);
        }
        TarImageFiles files = new TarImageFiles(tar, channel, displayName);
        TarArchiveEntry last = null;
        long end = 0;
        for (TarArchiveEntry entry : tar.getEntries()) {
            long entryEnd = entry.getDataOffset() + roundUpToBlock(entry.isFile() ? entry.getSize() : 0);
            if (entryEnd > end) {
                end = entryEnd;
                last = entry;
            }
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
        // TarFile stops quietly where an archive cut between two entries ends; a whole one has its end-of-archive
        // block there.
        if (!TarArchives.zeroBlockAt(channel, end)) {
            tar.close();
            throw new PreflightException(displayName + ": truncated archive: it ends after " + last.getName()
                    + " without tar's end-of-archive blocks (an interrupted copy or save?)");
        }
        return files;
    }

    private static long roundUpToBlock(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
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
            throw new PreflightException(displayName + ": cannot read " + path + " (" + Messages.oneLine(e) + ")", e);
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

    /**
     * A view of the entry's bytes inside the archive, read with positional reads so that it shares the archive's
     * channel safely. A symbolic link entry is followed: legacy {@code docker save} links a layer it already wrote
     * ({@code ID/layer.tar -> ../OTHER/layer.tar}).
     */
    @Override
    public Optional<SeekableByteChannel> channel(String path) throws IOException {
        String name = normalise(path);
        TarArchiveEntry entry = entries.get(name);
        for (int hops = 0; entry != null && entry.isSymbolicLink() && hops < 8; hops++) {
            String target = entry.getLinkName();
            name = ArchivePaths.clean(target.startsWith("/") ? target : ArchivePaths.parent(name) + "/" + target);
            entry = entries.get(name);
        }
        if (entry == null || !entry.isFile()) {
            throw new IOException(path + " is missing from the archive");
        }
        return Optional.of(new ChannelSlice(channel, entry.getDataOffset(), entry.getSize()));
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
