package io.github.ecspreflight.image.fs;

import java.util.List;

/**
 * The outcome of resolving one path in an image's merged filesystem, with what a user needs to understand it.
 *
 * @param requested the path asked for
 * @param outcome what the walk found
 * @param resolved the path the walk arrived at with every symlink followed so far: the file's path when found, else
 *     the path that was being looked for when the walk stopped ({@code /usr/bin/python3} for a missing
 *     {@code /bin/python3} when {@code /bin -> usr/bin})
 * @param file the file found; null unless {@link Outcome#FOUND}
 * @param layer the layer that decided (0 = bottom): the one holding the file, the one whose whiteout deleted it or
 *     whose opaque directory hid it; -1 when no layer decided (missing from every layer, a loop)
 * @param symlinkHops every symbolic link followed, in order, as {@code /bin -> usr/bin}
 * @param detail one line for a finding: {@code /app/run was deleted by a whiteout in layer 3 of 3 (sha256:...)}
 */
public record PathResolution(
        String requested,
        Outcome outcome,
        String resolved,
        FileEntry file,
        int layer,
        List<String> symlinkHops,
        String detail) {

    /** Why a path walk stopped, as the kernel's {@code execve} would report it. */
    public enum Outcome {
        FOUND,
        /** ENOENT: no layer has the path (or a directory on the way). */
        MISSING,
        /** ENOENT as well, because a whiteout ({@code .wh.NAME}) in an upper layer deleted it or a directory on the way. */
        DELETED_BY_WHITEOUT,
        /** ELOOP: more than 40 symbolic links followed. */
        SYMLINK_LOOP,
        /** ENOTDIR: a component on the way is a file, not a directory. */
        NOT_A_DIRECTORY
    }

    public PathResolution {
        symlinkHops = List.copyOf(symlinkHops);
    }

    public boolean found() {
        return outcome == Outcome.FOUND;
    }
}
