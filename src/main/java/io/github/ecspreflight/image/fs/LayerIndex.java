package io.github.ecspreflight.image.fs;

import io.github.ecspreflight.binary.JarContents;
import io.github.ecspreflight.image.ArchivePaths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * What one layer's tar says, without its file contents: every entry's type, mode, size and link, its whiteouts and
 * opaque directories, and the directories its entries imply. Names are {@link ArchivePaths#clean clean}. Heads of
 * files are kept only where a walk asked for them while the layer was streamed.
 */
final class LayerIndex {

    /** Whiteout prefix: {@code DIR/.wh.NAME} deletes {@code DIR/NAME} of the layers below. */
    static final String WHITEOUT = ".wh.";
    /** {@code DIR/.wh..wh..opq} hides everything the layers below have in {@code DIR}. */
    static final String OPAQUE = ".wh..wh..opq";

    enum Kind {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARD_LINK,
        OTHER
    }

    /**
     * One entry.
     *
     * @param link a symlink's target as stored, or a hard link's target as a clean name
     * @param dataOffset where the content starts within the layer tar; -1 when the layer was streamed
     */
    record Node(Kind kind, int mode, long size, String link, long dataOffset) {}

    /**
     * The most entries one layer may list: the largest real layers (a JDK, a Python data-science stack, a TeX
     * distribution) list tens to a few hundred thousand. Each costs about 200 bytes here, so the limit keeps a layer's
     * index under about 200 MiB however small a gzip bomb of empty entries is.
     */
    static final int MAX_ENTRIES = 1_000_000;

    /** A layer that lists more than {@link #MAX_ENTRIES} entries. */
    static final class TooManyEntriesException extends java.io.IOException {
        TooManyEntriesException() {
            super("it lists more than " + String.format(java.util.Locale.ROOT, "%,d", MAX_ENTRIES)
                    + " entries, more than any real layer");
        }
    }

    private final boolean seekable;
    private int count;
    private final Map<String, Node> entries = new HashMap<>();
    private final Set<String> whiteouts = new HashSet<>();
    private final Set<String> opaque = new HashSet<>();
    private final Set<String> implicitDirectories = new HashSet<>();
    private final Map<String, byte[]> heads = new HashMap<>();
    private final Map<String, JarRead> jars = new HashMap<>();
    private final Set<String> repeated = new HashSet<>();
    /** Each directory's names, built on the first {@link #children} call: most checks never list a directory. */
    private Map<String, Set<String>> children;

    /**
     * A jar read while the layer was streamed.
     *
     * @param contents what it holds, or null when it is no readable jar
     * @param problem why not, or null
     */
    record JarRead(JarContents contents, String problem) {}

    LayerIndex(boolean seekable) {
        this.seekable = seekable;
    }

    /** Whether file contents are read by seeking into the layer; otherwise the layer has to be streamed again. */
    boolean seekable() {
        return seekable;
    }

    /**
     * Records an entry; a later entry for the same name replaces an earlier one, as extraction would.
     *
     * @return the clean name of a regular file, or null (whiteouts, directories, links...)
     */
    String add(TarArchiveEntry entry, long dataOffset) throws TooManyEntriesException {
        if (++count > MAX_ENTRIES) {
            throw new TooManyEntriesException();
        }
        String name = ArchivePaths.clean(entry.getName());
        if (name.isEmpty()) {
            return null; // the root itself ("./")
        }
        if (name.length() >= ImageFilesystem.PATH_MAX) {
            // no path the kernel opens is this long, so no walk can reach it; recording it and every directory above
            // it would cost its length squared
            return null;
        }
        implyParents(name);
        String fileName = ArchivePaths.fileName(name);
        if (fileName.startsWith(WHITEOUT)) {
            String directory = ArchivePaths.parent(name);
            if (fileName.equals(OPAQUE)) {
                opaque.add(directory);
            } else if (!fileName.startsWith(WHITEOUT + WHITEOUT)) {
                // Other .wh..wh. names are AUFS bookkeeping (.wh..wh.plnk), not deletions.
                whiteouts.add(ArchivePaths.child(directory, fileName.substring(WHITEOUT.length())));
            }
            return null;
        }
        heads.remove(name);
        jars.remove(name);
        Kind kind = kind(entry);
        String link = switch (kind) {
            case SYMLINK -> entry.getLinkName();
            case HARD_LINK -> ArchivePaths.clean(entry.getLinkName());
            default -> null;
        };
        long size = kind == Kind.FILE ? entry.getRealSize() : 0;
        Node previous = entries.put(
                name, new Node(kind, entry.getMode() & 07777, size, link, kind == Kind.FILE ? dataOffset : -1));
        if (previous != null) {
            repeated.add(name);
        }
        return kind == Kind.FILE ? name : null;
    }

    /** The clean name of an entry holding a regular file's content, else null; as {@link #add} sees it. */
    static String regularFileName(TarArchiveEntry entry) {
        String name = ArchivePaths.clean(entry.getName());
        return kind(entry) == Kind.FILE
                        && !name.isEmpty()
                        && !ArchivePaths.fileName(name).startsWith(WHITEOUT)
                ? name
                : null;
    }

    private static Kind kind(TarArchiveEntry entry) {
        // commons-compress calls links "files" too, so they are told apart first.
        if (entry.isSymbolicLink()) {
            return Kind.SYMLINK;
        }
        if (entry.isLink()) {
            return Kind.HARD_LINK;
        }
        if (entry.isDirectory()) {
            return Kind.DIRECTORY;
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            return Kind.OTHER;
        }
        return Kind.FILE;
    }

    /** Whether the layer's tar holds the name more than once (appended to), so its last entry is the one that counts. */
    boolean occursTwice(String name) {
        return repeated.contains(name);
    }

    private void implyParents(String name) {
        for (String parent = ArchivePaths.parent(name);
                !parent.isEmpty() && implicitDirectories.add(parent);
                parent = ArchivePaths.parent(parent)) {
            // every directory above an entry exists in this layer, with or without its own entry
        }
    }

    Node entry(String name) {
        return entries.get(name);
    }

    /** A directory this layer does not list but whose contents it has, so it exists here at least as a directory. */
    boolean impliesDirectory(String name) {
        return implicitDirectories.contains(name);
    }

    /** Whether a whiteout in this layer deletes {@code name} from the layers below. */
    boolean whitesOut(String name) {
        return whiteouts.contains(name);
    }

    /** Whether this layer makes {@code directory} opaque: the layers below contribute nothing inside it. */
    boolean isOpaque(String directory) {
        return opaque.contains(directory);
    }

    void keepHead(String name, byte[] head) {
        heads.put(name, head);
    }

    byte[] head(String name) {
        return heads.get(name);
    }

    void keepJar(String name, JarRead jar) {
        jars.put(name, jar);
    }

    JarRead jar(String name) {
        return jars.get(name);
    }

    /**
     * The names this layer has directly in {@code directory} (clean, "" for the root): its entries and the directories
     * its entries imply, whiteouts excluded.
     */
    Set<String> children(String directory) {
        if (children == null) {
            children = new HashMap<>();
            for (String name : entries.keySet()) {
                children.computeIfAbsent(ArchivePaths.parent(name), d -> new HashSet<>())
                        .add(ArchivePaths.fileName(name));
            }
            for (String name : implicitDirectories) {
                children.computeIfAbsent(ArchivePaths.parent(name), d -> new HashSet<>())
                        .add(ArchivePaths.fileName(name));
            }
        }
        return children.getOrDefault(directory, Set.of());
    }

    int size() {
        return entries.size();
    }
}
