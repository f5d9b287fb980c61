package io.github.ecspreflight.image.layout;

import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ImageFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** An OCI image layout directory, as {@code skopeo copy ... oci:DIR} and {@code jib} with OCI format write it. */
final class DirectoryImageFiles implements ImageFiles {

    private final Path root;
    private final String displayName;

    DirectoryImageFiles(Path root, String displayName) {
        this.root = root;
        this.displayName = displayName;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    /** A path from a manifest, inside the layout; one that would leave it or is no path at all names no file. */
    private Path resolve(String path) {
        Path outside = root.resolve("..invalid..");
        try {
            Path resolved = root.resolve(path).normalize();
            return resolved.startsWith(root.normalize()) ? resolved : outside;
        } catch (InvalidPathException e) {
            return outside;
        }
    }

    @Override
    public boolean exists(String path) {
        return Files.isRegularFile(resolve(path));
    }

    @Override
    public byte[] readMetadata(String path) throws PreflightException {
        Path file = resolve(path);
        try {
            if (!Files.isRegularFile(file)) {
                throw new PreflightException(displayName + ": " + path + " is missing");
            }
            if (Files.size(file) > MAX_METADATA_BYTES) {
                throw new PreflightException(displayName + ": " + path + " is too large for image metadata");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PreflightException(displayName + ": cannot read " + path + " (" + Messages.oneLine(e) + ")", e);
        }
    }

    @Override
    public InputStream open(String path) throws IOException {
        return Files.newInputStream(regular(path));
    }

    @Override
    public Optional<SeekableByteChannel> channel(String path) throws IOException {
        return Optional.of(FileChannel.open(regular(path), StandardOpenOption.READ));
    }

    /** A blob of the layout, never a FIFO or a device put where a layer should be. */
    private Path regular(String path) throws IOException {
        Path file = resolve(path);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException(path + " is not a regular file (a FIFO, a device or a directory)");
        }
        return file;
    }

    @Override
    public void close() {}
}
