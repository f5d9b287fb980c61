package io.github.ecspreflight.image;

import io.github.ecspreflight.common.PreflightException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The named files of an image layout, whether a directory or an archive. Paths are relative and use {@code /}
 * ({@code index.json}, {@code blobs/sha256/HEX}, {@code HEX/layer.tar}).
 */
public interface ImageFiles extends Closeable {

    /** The largest metadata file (manifest, index, config) read into memory; real ones are kilobytes. */
    long MAX_METADATA_BYTES = 16L * 1024 * 1024;

    /** What the user named, for messages. */
    String displayName();

    /**
     * Whether the blobs this storage hands out were already checked against their digests (a registry client checks
     * what it pulls). A local layout's are not: its reader checks each small blob it reads.
     */
    default boolean verifiesDigests() {
        return false;
    }

    boolean exists(String path);

    /** Reads a whole metadata file; a missing or oversized one is unusable input. */
    byte[] readMetadata(String path) throws PreflightException;

    /** Opens a file for streaming (layers); the caller closes the stream. */
    InputStream open(String path) throws IOException;

    /**
     * Random access to a stored file, where the storage can seek: a read-only channel over the file's bytes (inside
     * an archive, over its entry's byte range), so an uncompressed layer is read by its tar headers alone. Empty where
     * it cannot (a gzip-compressed archive): open it as a stream instead. The caller closes the channel; that never closes
     * the archive.
     */
    default Optional<SeekableByteChannel> channel(String path) throws IOException {
        return Optional.empty();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
