package io.github.ecspreflight.image.fs;

/**
 * One file of an image's merged filesystem, as a path walk found it.
 *
 * @param path the absolute path the walk arrived at, symlinks in its directories resolved ({@code /usr/bin/sh} for
 *     {@code /bin/sh} when {@code /bin -> usr/bin})
 * @param type what the file is; a hard link is the file it links to
 * @param mode the permission bits ({@code 0755}), without the file-type bits
 * @param size the file's size in bytes (0 for directories and symlinks)
 * @param linkTarget a symbolic link's target as stored; null for other types
 * @param layer the layer that holds the file's content, 0 being the bottom (base) layer
 * @param layerName that layer for messages: {@code layer 2 of 3 (sha256:...)}
 * @param hardLinkTo for a hard link, the absolute path of the file whose content it shares (in {@code layer}); else
 *     null
 */
public record FileEntry(
        String path,
        Type type,
        int mode,
        long size,
        String linkTarget,
        int layer,
        String layerName,
        String hardLinkTo) {

    /** The kinds of file the entrypoint check tells apart. */
    public enum Type {
        REGULAR,
        DIRECTORY,
        SYMLINK,
        /** A device or a FIFO: nothing the kernel can execute. */
        OTHER
    }

    public boolean isRegularFile() {
        return type == Type.REGULAR;
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isSymlink() {
        return type == Type.SYMLINK;
    }

    /** Whether any execute bit is set: enough for root, whom ECS containers run as unless the image says otherwise. */
    public boolean isExecutable() {
        return (mode & 0111) != 0;
    }

    /** The path under which the content is stored in its layer: the hard link's target, else the path itself. */
    String contentPath() {
        return hardLinkTo != null ? hardLinkTo : path;
    }
}
