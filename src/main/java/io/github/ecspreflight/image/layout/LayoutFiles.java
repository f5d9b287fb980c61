package io.github.ecspreflight.image.layout;

import io.github.ecspreflight.common.InputFiles;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ImageFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the files of a local layout: an OCI directory or a tar archive, compressed or not. */
public final class LayoutFiles {

    private LayoutFiles() {}

    /**
     * Opens a layout or archive by what it is, not by its name: a directory, a tar archive (read by seeking), or a
     * gzip-compressed tar (streamed, since gzip cannot seek).
     */
    public static ImageFiles open(Path path, String displayName) throws PreflightException {
        if (!Files.exists(path)) {
            throw new PreflightException(displayName + ": no such file or directory");
        }
        if (Files.isDirectory(path)) {
            return new DirectoryImageFiles(path, displayName);
        }
        InputFiles.requireRegularFile(path, displayName);
        if (!Files.isReadable(path)) {
            throw new PreflightException(displayName + ": not readable");
        }
        try {
            return isGzip(path) ? GzipTarImageFiles.read(path, displayName) : TarImageFiles.open(path, displayName);
        } catch (IOException e) {
            throw new PreflightException(displayName + ": cannot read archive (" + Messages.oneLine(e) + ")", e);
        }
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
