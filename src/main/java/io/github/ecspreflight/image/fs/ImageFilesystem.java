package io.github.ecspreflight.image.fs;

import io.github.ecspreflight.binary.ByteRange;
import io.github.ecspreflight.binary.ExecutableFormat;
import io.github.ecspreflight.binary.ExecutableSniffer;
import io.github.ecspreflight.binary.JarContents;
import io.github.ecspreflight.binary.JarReader;
import io.github.ecspreflight.binary.UnreadableJarException;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ArchivePaths;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The read-only merged view of one platform's image filesystem, as the container would see it: the layers applied
 * bottom to top with their whiteouts, and paths resolved as the kernel's path walk resolves them for {@code execve}.
 *
 * <p>Cost: layers are read lazily, topmost first, and only as far down as a path needs: a path that an upper layer
 * decides (holds it, deletes it, or hides it with an opaque directory) never reads the layers below. Each layer is read
 * at most once for its index, which is cached here: an uncompressed layer that can be seeked (in an OCI directory or an
 * uncompressed archive) by its tar headers alone; a compressed one by streaming it once, keeping the first
 * {@value #HEAD_BYTES} bytes of the files the walk was looking for, so that {@link #open} needs no second
 * pass in the common case. {@link #layersRead()} counts the passes.
 *
 * <p>The {@link Image} owns the files: this view needs no closing, and is used by one thread at a time.
 *
 * <p>Known simplification: a layer that writes {@code DIR/NAME} without an entry for {@code DIR}, over a lower
 * layer where {@code DIR} is a symlink, stores {@code NAME} where the symlink points when Docker applies it; here it
 * is found under {@code DIR} only if a walk reaches {@code DIR} as a directory. Layer writers (BuildKit, Jib, Docker)
 * write the directory entries, so real images do not meet this.
 */
public final class ImageFilesystem {

    /** Linux's MAXSYMLINKS: {@code execve} fails with ELOOP when a walk would follow more. */
    public static final int MAX_SYMLINK_HOPS = 40;

    /** How much of a file {@link #open} gives: ELF and program headers, the {@code #!} line, PT_INTERP. */
    public static final int HEAD_BYTES = 64 * 1024;

    /** How many hard links to hard links are followed; tar writers link to the first copy, so one is the norm. */
    private static final int MAX_HARD_LINK_HOPS = 8;

    private final String imageName;
    private final List<Descriptor> layers;
    private final LayerReader[] readers;
    private final LayerIndex[] indexes;
    private int layersRead;
    /** Paths the caller said it will resolve: their heads are kept too when a streamed layer is indexed. */
    private Set<String> expected = Set.of();
    /** Paths other checks will read (/etc/passwd, /bin/sh): kept whatever {@link #expect} replaces. */
    private Set<String> alsoExpected = Set.of();
    /** Directories whose jars and class files the Java check will read. */
    private Set<String> javaDirectories = Set.of();
    /**
     * Where the current walk is and what it still has to walk: the path it seeks, whose head is kept when a streamed
     * layer is indexed.
     */
    private String walkAt = "";

    private Deque<String> walkRest = new ArrayDeque<>();

    /** Linux's PATH_MAX: a path (or a symbolic link's target) of this length or more is refused with ENAMETOOLONG. */
    static final int PATH_MAX = 4096;

    /** The filesystem of {@code manifest}, one of {@code image}'s manifests; nothing is read until a path is resolved. */
    public ImageFilesystem(Image image, ImageManifest manifest) {
        this.imageName = "image " + image.reference();
        this.layers = manifest.layers();
        this.readers = new LayerReader[layers.size()];
        this.indexes = new LayerIndex[layers.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = new LayerReader(image, layers.get(i), imageName + ": " + layerName(i));
        }
    }

    /** The number of layers, bottom (0) to top. */
    public int layerCount() {
        return layers.size();
    }

    /**
     * How many times a layer was read: once per layer indexed, and once more per compressed layer streamed again for
     * a file head not kept the first time. Heads read by seeking are not counted.
     */
    public int layersRead() {
        return layersRead;
    }

    /** {@code layer 2 of 3 (sha256:...)}, counted from the bottom as the manifest lists them. */
    public String layerName(int layer) {
        Descriptor descriptor = layers.get(layer);
        String id = descriptor.digest() != null ? descriptor.digest() : descriptor.blobPath();
        return "layer " + (layer + 1) + " of " + layers.size() + " (" + id + ")";
    }

    /**
     * Says which paths the caller will resolve and open next, such as every {@code PATH} candidate of a command:
     * when a compressed layer is streamed meanwhile, the heads of these are kept as well as that of the path being
     * resolved, so that opening whichever is found needs no second pass. Replaces the previous expectation. Names are
     * matched as the layers spell them, before symlinks are followed.
     */
    public void expect(Collection<String> absolutePaths) {
        Set<String> names = new HashSet<>();
        for (String path : absolutePaths) {
            names.add(ArchivePaths.clean(path));
        }
        expected = Set.copyOf(names);
    }

    /**
     * Adds paths that a later check will open (the user database for EP010, the shell for EP011), so that a compressed
     * layer streamed for the entrypoint keeps their heads too and is not streamed a second time. Unlike
     * {@link #expect}, these stay expected.
     */
    public void alsoExpect(Collection<String> absolutePaths) {
        Set<String> names = new HashSet<>(alsoExpected);
        for (String path : absolutePaths) {
            names.add(ArchivePaths.clean(path));
        }
        alsoExpected = Set.copyOf(names);
    }

    /**
     * Says that a later check reads the jars and class files under these directories (the application's, such as
     * Jib's {@code /app}), so that a compressed layer streamed meanwhile reads each jar's central directory and class
     * headers and keeps each class file's header as it passes, and is not streamed again for them.
     */
    public void alsoExpectJavaUnder(Collection<String> absoluteDirectories) {
        Set<String> names = new HashSet<>(javaDirectories);
        for (String path : absoluteDirectories) {
            names.add(ArchivePaths.clean(path));
        }
        javaDirectories = Set.copyOf(names);
    }

    /** {@link #resolve(String, boolean) Resolves} a path, following a final symlink as {@code execve} does. */
    public PathResolution resolve(String absolutePath) throws PreflightException {
        return resolve(absolutePath, true);
    }

    /**
     * Resolves an absolute path as the kernel's path walk would: component by component; symlinks absolute (from the
     * root) and relative (from the directory holding the link); {@code ..} (the root's parent is the root); at most
     * {@value #MAX_SYMLINK_HOPS} symlinks in all, ELOOP beyond. Each component is looked up in the merged layers,
     * topmost first: a layer's entry hides the layers below; a whiteout {@code .wh.NAME} deletes {@code NAME} from the
     * layers below it; {@code DIR/.wh..wh..opq} hides what the layers below have in {@code DIR} (but not what its own
     * layer has); a hard link is the file it links to, in its own layer (or, failing that, below it).
     *
     * @param followFinalSymlink whether a symlink as the last component is followed ({@code stat}) or returned
     *     ({@code lstat})
     * @throws PreflightException when a layer the walk needs cannot be read (truncated, corrupt, unsupported)
     * @throws IllegalArgumentException when the path is not absolute
     */
    public PathResolution resolve(String absolutePath, boolean followFinalSymlink) throws PreflightException {
        if (!absolutePath.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + absolutePath);
        }
        if (absolutePath.length() >= PATH_MAX) {
            return new PathResolution(
                    absolutePath,
                    PathResolution.Outcome.MISSING,
                    absolutePath,
                    null,
                    -1,
                    List.of(),
                    "the path is " + absolutePath.length() + " characters long, and the kernel refuses any of "
                            + PATH_MAX + " or more (ENAMETOOLONG)");
        }
        Deque<String> pending = new ArrayDeque<>(ArchivePaths.split(absolutePath));
        List<String> hops = new ArrayList<>();
        String current = ""; // the directory reached so far, without symlinks: a clean name
        Found last = Found.ROOT;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.equals("..")) {
                current = ArchivePaths.parent(current);
                last = null; // a directory the walk has already been through
                continue;
            }
            String candidate = ArchivePaths.child(current, part);
            // what the walk seeks now is named only if a layer must be indexed for it: joining the rest at every step
            // would make a long path cost its length squared
            walkAt = candidate;
            walkRest = pending;
            Found found = lookup(candidate, layers.size() - 1);
            boolean isLast = pending.isEmpty();
            switch (found.state) {
                case MISSING -> {
                    String why = found.detail != null ? " does not exist: " + found.detail : " does not exist";
                    return new PathResolution(
                            absolutePath,
                            PathResolution.Outcome.MISSING,
                            "/" + sought(candidate, pending),
                            null,
                            found.layer,
                            hops,
                            "/" + candidate + why + context(absolutePath, candidate, hops));
                }
                case DELETED -> {
                    String deleted = "/" + found.name + " was deleted by a whiteout in " + layerName(found.layer);
                    return new PathResolution(
                            absolutePath,
                            PathResolution.Outcome.DELETED_BY_WHITEOUT,
                            "/" + sought(candidate, pending),
                            null,
                            found.layer,
                            hops,
                            deleted + context(absolutePath, candidate, hops));
                }
                default -> {
                    // found below
                }
            }
            LayerIndex.Node node = found.node;
            if (node != null && node.kind() == LayerIndex.Kind.SYMLINK && (!isLast || followFinalSymlink)) {
                if (hops.size() == MAX_SYMLINK_HOPS) {
                    return new PathResolution(
                            absolutePath,
                            PathResolution.Outcome.SYMLINK_LOOP,
                            "/" + sought(candidate, pending),
                            null,
                            -1,
                            hops,
                            "too many levels of symbolic links (more than " + MAX_SYMLINK_HOPS
                                    + ") resolving " + absolutePath + ", a loop at /" + candidate + " -> "
                                    + node.link());
                }
                if (node.link().length() >= PATH_MAX) {
                    return new PathResolution(
                            absolutePath,
                            PathResolution.Outcome.MISSING,
                            "/" + candidate,
                            null,
                            found.layer,
                            hops,
                            "/" + candidate + " is a symbolic link whose target is "
                                    + node.link().length()
                                    + " characters long, more than the kernel follows (ENAMETOOLONG)");
                }
                hops.add("/" + candidate + " -> " + node.link());
                if (node.link().isEmpty()) {
                    return new PathResolution(
                            absolutePath,
                            PathResolution.Outcome.MISSING,
                            "/" + sought(candidate, pending),
                            null,
                            found.layer,
                            hops,
                            "/" + candidate + " is a symbolic link to nothing (an empty target)"
                                    + context(absolutePath, candidate, hops));
                }
                List<String> target = ArchivePaths.split(node.link());
                for (int i = target.size() - 1; i >= 0; i--) {
                    pending.addFirst(target.get(i));
                }
                if (node.link().startsWith("/")) {
                    current = "";
                }
                last = null;
                continue;
            }
            if (!isLast && !found.isDirectory()) {
                return new PathResolution(
                        absolutePath,
                        PathResolution.Outcome.NOT_A_DIRECTORY,
                        "/" + sought(candidate, pending),
                        null,
                        found.layer,
                        hops,
                        "/" + candidate + " is not a directory" + context(absolutePath, candidate, hops));
            }
            current = candidate;
            last = found;
        }
        if (last == null) {
            // The path ended in ".." or a symlink to a directory already walked through: it is a directory.
            last = current.isEmpty() ? Found.ROOT : lookup(current, layers.size() - 1);
        }
        FileEntry file = entryOf(last, current);
        return new PathResolution(
                absolutePath,
                PathResolution.Outcome.FOUND,
                file.path(),
                file,
                file.layer(),
                hops,
                file.path() + " found in " + (file.layer() < 0 ? "the image" : layerName(file.layer()))
                        + (hops.isEmpty() ? "" : " via " + String.join(", ", hops)));
    }

    /**
     * Reads the start of a regular file found by {@link #resolve}: its first {@value #HEAD_BYTES} bytes
     * (all of a smaller file) and its size, for sniffing. Reads past the head return no bytes (see
     * {@link ByteRange#ofPrefix}).
     *
     * @throws IllegalArgumentException when the entry is not a regular file of this image
     */
    public ByteRange open(FileEntry file) throws PreflightException {
        requireFileOfThisImage(file);
        LayerIndex index = index(file.layer());
        String name = ArchivePaths.clean(file.contentPath());
        boolean streamsAgain = !index.seekable() && index.head(name) == null;
        byte[] head = readers[file.layer()].head(index, name);
        if (streamsAgain) {
            layersRead++;
        }
        return ByteRange.ofPrefix(head, Math.max(file.size(), head.length));
    }

    private void requireFileOfThisImage(FileEntry file) {
        if (!file.isRegularFile()
                || file.layer() < 0
                || file.layer() >= layers.size()
                || !file.layerName().equals(layerName(file.layer()))) {
            throw new IllegalArgumentException(file.path() + " is not a regular file of " + imageName);
        }
    }

    /**
     * What a regular file found by {@link #resolve} is, as the kernel (or a JVM) would tell from its head: an ELF, a
     * {@code #!} script, a class file...
     *
     * @throws PreflightException naming the image, the file and its layer when its bytes cannot be read
     */
    public ExecutableFormat sniff(FileEntry file) throws PreflightException {
        try {
            return ExecutableSniffer.sniff(open(file));
        } catch (IOException e) {
            throw new PreflightException(
                    imageName + ": cannot read " + file.path() + " in " + file.layerName() + " (" + Messages.oneLine(e)
                            + ")",
                    e);
        }
    }

    /**
     * The start of a small text file at {@code absolutePath} (a configuration file, an argfile, a JDK's
     * {@code release}): its first {@value #HEAD_BYTES} bytes as UTF-8; null when no regular file is there.
     */
    public String text(String absolutePath) throws PreflightException {
        PathResolution found = resolve(absolutePath);
        if (!found.found() || !found.file().isRegularFile()) {
            return null;
        }
        ByteRange content = open(found.file());
        byte[] bytes = new byte[(int) Math.min(content.size(), HEAD_BYTES)];
        try {
            int read = Math.max(0, content.read(0, bytes, 0, bytes.length));
            return new String(bytes, 0, read, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PreflightException(
                    imageName + ": cannot read " + absolutePath + " (" + Messages.oneLine(e) + ")", e);
        }
    }

    /**
     * What a jar found by {@link #resolve} holds, read as a JVM starting from it would read it (see
     * {@link JarReader}): by seeking into an uncompressed layer, never reading the rest of it; from what was kept when
     * a compressed layer was streamed for {@link #alsoExpectJavaUnder}, else by streaming its layer again.
     *
     * @throws UnreadableJarException naming the jar and its layer when it is no jar a JVM could open
     * @throws PreflightException when its layer cannot be read
     * @throws IllegalArgumentException when the entry is not a regular file of this image
     */
    public JarContents jar(FileEntry file) throws PreflightException, UnreadableJarException {
        requireFileOfThisImage(file);
        LayerIndex index = index(file.layer());
        String name = ArchivePaths.clean(file.contentPath());
        if (!index.seekable() && index.jar(name) == null) {
            layersRead++;
        }
        LayerIndex.JarRead read = readers[file.layer()].jar(index, name);
        if (read.contents() == null) {
            throw new UnreadableJarException(file.path() + " in " + file.layerName() + " is " + read.problem());
        }
        return read.contents();
    }

    /**
     * The files and directories directly in a directory of the merged view, sorted by name, symbolic links followed
     * (as the launcher's {@code DIR/*} class-path wildcard follows them); names a symbolic link cannot reach are left
     * out. Empty when the path is no directory. Reads every layer's index: any layer may add to a directory.
     */
    public List<FileEntry> list(String absoluteDirectory) throws PreflightException {
        PathResolution directory = resolve(absoluteDirectory);
        if (!directory.found() || !directory.file().isDirectory()) {
            return List.of();
        }
        String name = ArchivePaths.clean(directory.file().path());
        Set<String> names = new TreeSet<>();
        for (int layer = layers.size() - 1; layer >= 0; layer--) {
            LayerIndex index = index(layer);
            names.addAll(index.children(name));
            if (index.isOpaque(name)) {
                break; // the layers below add nothing to it
            }
        }
        List<FileEntry> files = new ArrayList<>();
        String prefix = name.isEmpty() ? "/" : "/" + name + "/";
        for (String child : names) {
            PathResolution found = resolve(prefix + child);
            if (found.found()) {
                files.add(found.file());
            }
        }
        return files;
    }

    private enum State {
        FOUND,
        IMPLICIT_DIRECTORY,
        MISSING,
        DELETED
    }

    /**
     * What a lookup found for one name: an entry (hard links already followed), a directory a layer implies, nothing,
     * or a deletion.
     *
     * @param name for an entry, where its content is stored (a hard link's target); for a deletion, the deleted name
     * @param detail why a name is missing, when a hard link's target is
     */
    private record Found(State state, LayerIndex.Node node, int layer, String name, String detail) {

        static final Found ROOT = new Found(State.IMPLICIT_DIRECTORY, null, -1, "", null);

        boolean isDirectory() {
            return state == State.IMPLICIT_DIRECTORY || node.kind() == LayerIndex.Kind.DIRECTORY;
        }

        FileEntry toEntry(String path, String layerName) {
            String absolute = "/" + path;
            if (state == State.IMPLICIT_DIRECTORY) {
                return new FileEntry(absolute, FileEntry.Type.DIRECTORY, 0755, 0, null, layer, layerName, null);
            }
            FileEntry.Type type = switch (node.kind()) {
                case FILE -> FileEntry.Type.REGULAR;
                case DIRECTORY -> FileEntry.Type.DIRECTORY;
                case SYMLINK -> FileEntry.Type.SYMLINK;
                default -> FileEntry.Type.OTHER;
            };
            String hardLinkTo = name.equals(path) ? null : "/" + name;
            return new FileEntry(absolute, type, node.mode(), node.size(), node.link(), layer, layerName, hardLinkTo);
        }
    }

    private FileEntry entryOf(Found found, String path) {
        return found.toEntry(path, found.layer < 0 ? imageName : layerName(found.layer));
    }

    /**
     * Looks one name up (its directories already resolved), in layer {@code top} and below, stopping at the first
     * layer that decides it.
     */
    private Found lookup(String name, int top) throws PreflightException {
        if (name.isEmpty()) {
            return Found.ROOT;
        }
        int implied = -1;
        for (int layer = top; layer >= 0; layer--) {
            LayerIndex index = index(layer);
            LayerIndex.Node node = index.entry(name);
            if (node != null) {
                return node.kind() == LayerIndex.Kind.HARD_LINK
                        ? hardLink(name, node, layer)
                        : new Found(State.FOUND, node, layer, name, null);
            }
            if (index.impliesDirectory(name) && implied < 0) {
                implied = layer;
            }
            Found hidden = hiddenBelow(index, name, layer);
            if (hidden != null) {
                return implied >= 0 ? new Found(State.IMPLICIT_DIRECTORY, null, implied, name, null) : hidden;
            }
        }
        return implied >= 0
                ? new Found(State.IMPLICIT_DIRECTORY, null, implied, name, null)
                : new Found(State.MISSING, null, -1, name, null);
    }

    /**
     * How this layer, which has no entry for the name, hides it in the layers below: a whiteout of the name or of a
     * directory above it, an opaque directory above it, or a directory above it replaced by a non-directory. Null
     * when it does not.
     */
    private Found hiddenBelow(LayerIndex index, String name, int layer) {
        if (index.whitesOut(name)) {
            return new Found(State.DELETED, null, layer, name, null);
        }
        for (String parent = ArchivePaths.parent(name); ; parent = ArchivePaths.parent(parent)) {
            if (!parent.isEmpty() && index.whitesOut(parent)) {
                return new Found(State.DELETED, null, layer, parent, null);
            }
            if (index.isOpaque(parent)) {
                return new Found(
                        State.MISSING,
                        null,
                        layer,
                        name,
                        "/" + parent + " is an opaque directory in " + layerName(layer)
                                + ", hiding what the layers below have in it");
            }
            LayerIndex.Node node = parent.isEmpty() ? null : index.entry(parent);
            if (node != null && node.kind() != LayerIndex.Kind.DIRECTORY) {
                String what = node.kind() == LayerIndex.Kind.SYMLINK ? "a symbolic link" : "a file";
                return new Found(
                        State.MISSING,
                        null,
                        layer,
                        name,
                        "/" + parent + " is " + what + ", not a directory, in " + layerName(layer));
            }
            if (parent.isEmpty()) {
                return null;
            }
        }
    }

    /** A hard link is its target's inode: in the link's own layer, else as the layers below had it. */
    private Found hardLink(String name, LayerIndex.Node link, int layer) throws PreflightException {
        LayerIndex.Node node = link;
        String target = name;
        for (int hops = 0; node.kind() == LayerIndex.Kind.HARD_LINK; hops++) {
            if (hops == MAX_HARD_LINK_HOPS) {
                return new Found(
                        State.MISSING,
                        null,
                        layer,
                        name,
                        "it is a chain of more than " + MAX_HARD_LINK_HOPS + " hard links in " + layerName(layer));
            }
            target = node.link();
            LayerIndex.Node next = index(layer).entry(target);
            if (next == null) {
                walkAt = target;
                walkRest = new ArrayDeque<>();
                Found below = layer == 0 ? null : lookup(target, layer - 1);
                if (below == null || below.state != State.FOUND) {
                    return new Found(
                            State.MISSING,
                            null,
                            layer,
                            name,
                            "it is a hard link in " + layerName(layer) + " to /" + target
                                    + ", which is not in the image");
                }
                return below;
            }
            node = next;
        }
        return new Found(State.FOUND, node, layer, target, null);
    }

    /** The clean name of a directory reached so far and the components still to walk. */
    private static String sought(String at, Deque<String> rest) {
        return rest.isEmpty() ? ArchivePaths.clean(at) : ArchivePaths.clean(at + "/" + String.join("/", rest));
    }

    private static Set<String> with(Set<String> names, String name) {
        if (names.isEmpty()) {
            return Set.of(name);
        }
        Set<String> all = new HashSet<>(names);
        all.add(name);
        return all;
    }

    private LayerIndex index(int layer) throws PreflightException {
        if (indexes[layer] == null) {
            layersRead++;
            Set<String> heads = new HashSet<>(expected);
            heads.addAll(alsoExpected);
            indexes[layer] = readers[layer].index(new Capture(with(heads, sought(walkAt, walkRest)), javaDirectories));
        }
        return indexes[layer];
    }

    /** {@code (resolving /bin/python3 via /bin -> usr/bin)}, unless the walk stopped at the path asked for. */
    private static String context(String requested, String stoppedAt, List<String> hops) {
        StringBuilder text = new StringBuilder();
        if (!ArchivePaths.clean(requested).equals(stoppedAt) || !hops.isEmpty()) {
            text.append(" (resolving ").append(requested);
            if (!hops.isEmpty()) {
                text.append(" via ").append(String.join(", ", hops));
            }
            text.append(')');
        }
        return text.toString();
    }
}
