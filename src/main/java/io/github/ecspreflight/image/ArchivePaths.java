package io.github.ecspreflight.image;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Path names inside an image as tar archives spell them: {@code ./app/run}, {@code app/run} and {@code /app/run} are
 * one file. Names are kept relative, without a leading or trailing slash; the root is the empty string.
 */
public final class ArchivePaths {

    private ArchivePaths() {}

    /**
     * The lexically clean relative name: empty and {@code .} components dropped, {@code ..} taking away the component
     * before it (never climbing above the root, as a layer cannot write outside it).
     */
    public static String clean(String name) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : split(name)) {
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** The components of a name, empty and {@code .} components dropped, {@code ..} kept. */
    public static List<String> split(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** The directory holding a clean name: {@code app} for {@code app/run}, the root for {@code run}. */
    public static String parent(String clean) {
        int slash = clean.lastIndexOf('/');
        return slash < 0 ? "" : clean.substring(0, slash);
    }

    /** The last component of a clean name. */
    public static String fileName(String clean) {
        return clean.substring(clean.lastIndexOf('/') + 1);
    }

    public static String child(String directory, String name) {
        return directory.isEmpty() ? name : directory + "/" + name;
    }

    /** The absolute form shown to users: {@code /app/run}, {@code /} for the root. */
    public static String absolute(String clean) {
        return "/" + clean;
    }
}
