package io.github.ecspreflight.check;

import io.github.ecspreflight.binary.JarContents;
import io.github.ecspreflight.binary.JavaClassFile;
import io.github.ecspreflight.binary.UnreadableJarException;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.fs.FileEntry;
import io.github.ecspreflight.image.fs.ImageFilesystem;
import io.github.ecspreflight.image.fs.PathResolution;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The class files a JVM would load for the application, found as its class loaders find them: class-path directories
 * (every class file under them), jars (their base classes, the jars a Spring Boot jar nests, the jars their manifest's
 * {@code Class-Path} adds), and {@code DIR/*} wildcards (every jar in {@code DIR}). It keeps the newest class and counts
 * those newer than the runtime; it reads class headers and jar central directories, never whole files.
 */
final class ApplicationClasses {

    /** The most files walked under the class-path directories: more than any real application's classes. */
    static final int MAX_FILES = 200_000;

    /**
     * One class file: where it is, for messages, and what it needs.
     *
     * @param where {@code /app/classes/com/example/App.class}, or {@code org/lib/Feature.class in /app/libs/feature.jar}
     * @param className its binary name, as the JVM's error names it ({@code com/example/App})
     */
    record ClassFile(String where, String layerName, String className, int majorVersion) {

        int javaRelease() {
            return Math.max(1, majorVersion - 44);
        }
    }

    private final ImageFilesystem filesystem;
    private final String workingDirectory;
    private final int runtime;
    private final Set<String> jarsRead = new HashSet<>();
    private final List<String> unreadable = new ArrayList<>();
    private ClassFile newest;
    private int tooNew;
    private int classes;
    private int files;
    private boolean truncated;

    /**
     * @param workingDirectory what relative class-path entries are relative to; null when known only once deployed
     * @param runtime the Java feature release of the runtime: classes newer than it are counted
     */
    ApplicationClasses(ImageFilesystem filesystem, String workingDirectory, int runtime) {
        this.filesystem = filesystem;
        this.workingDirectory = workingDirectory;
        this.runtime = runtime;
    }

    /** Adds what a class path ({@code -cp}, {@code CLASSPATH}) names; entries missing from the image are skipped. */
    void addClassPath(String classPath) throws PreflightException {
        for (String entry : classPath.split(":", -1)) {
            String path = entry.isEmpty() ? "." : entry; // an empty entry is the working directory
            if (path.equals("*") || path.endsWith("/*")) {
                String directory = absolute(path.substring(0, path.length() - 1));
                if (directory != null) {
                    for (FileEntry file : filesystem.list(directory)) {
                        String lower = file.path().toLowerCase(java.util.Locale.ROOT);
                        if (file.isRegularFile() && lower.endsWith(".jar")) {
                            addJar(file);
                        }
                    }
                }
                continue;
            }
            String absolute = absolute(path);
            if (absolute != null) {
                addPath(absolute);
            }
        }
    }

    /** Adds the jar {@code -jar} names; its contents, or null when it is not in the image or is no readable jar. */
    JarContents addLaunchJar(String jar) throws PreflightException {
        String absolute = absolute(jar);
        PathResolution found = absolute == null ? null : filesystem.resolve(absolute);
        if (found == null || !found.found() || !found.file().isRegularFile()) {
            return null;
        }
        return addJar(found.file());
    }

    /** The newest class file read, or null when none was. */
    ClassFile newest() {
        return newest;
    }

    /** How many class files of directories, and jars (by their newest class), need a newer Java than the runtime. */
    int tooNew() {
        return tooNew;
    }

    int classes() {
        return classes;
    }

    /** The jars that could not be read, each as {@code PATH in LAYER is WHY}. */
    List<String> unreadable() {
        return unreadable;
    }

    /** Whether a class-path directory held more than {@value #MAX_FILES} files, so not all were read. */
    boolean truncated() {
        return truncated;
    }

    private void addPath(String absolute) throws PreflightException {
        PathResolution found = filesystem.resolve(absolute);
        if (!found.found()) {
            return; // the launcher skips class-path entries that do not exist
        }
        if (found.file().isDirectory()) {
            addDirectory(found.file().path());
        } else if (found.file().isRegularFile()) {
            addJar(found.file()); // any file on a class path is opened as a zip
        }
    }

    private void addDirectory(String root) throws PreflightException {
        Deque<String> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            for (FileEntry file : filesystem.list(pending.removeFirst())) {
                if (++files > MAX_FILES) {
                    truncated = true;
                    return;
                }
                if (file.isDirectory()) {
                    pending.add(file.path());
                } else if (file.isRegularFile() && file.path().endsWith(".class") && !isModuleInfo(file.path())) {
                    if (filesystem.sniff(file) instanceof JavaClassFile header) {
                        String relative = file.path().substring(root.length() + (root.endsWith("/") ? 0 : 1));
                        count(new ClassFile(
                                file.path(),
                                file.layerName(),
                                relative.substring(0, relative.length() - ".class".length()),
                                header.majorVersion()));
                    }
                }
            }
        }
    }

    private JarContents addJar(FileEntry jar) throws PreflightException {
        if (!jarsRead.add(jar.path())) {
            return null;
        }
        JarContents contents;
        try {
            contents = filesystem.jar(jar);
        } catch (UnreadableJarException e) {
            unreadable.add(e.getMessage());
            return null;
        }
        addContents(contents, jar.path(), jar.layerName());
        for (JarContents.Nested nested : contents.nested()) {
            if (nested.contents() == null) {
                unreadable.add(
                        nested.entry() + " in " + jar.path() + " (" + jar.layerName() + ") is " + nested.problem());
            } else {
                addContents(nested.contents(), nested.entry() + " in " + jar.path(), jar.layerName());
            }
        }
        String directory = jar.path().substring(0, jar.path().lastIndexOf('/') + 1);
        for (String entry : contents.classPath()) {
            if (!entry.contains(":")) { // a relative URL; an absolute one (file:, http:) is not followed
                String path = entry.startsWith("/") ? entry : directory + entry;
                addPath(path);
            }
        }
        return contents;
    }

    private void addContents(JarContents contents, String jar, String layerName) {
        JarContents.ClassVersion version = contents.newest();
        if (version == null) {
            return;
        }
        classes += contents.classes();
        String entry = version.entry();
        String className = entry.substring(
                entry.startsWith("BOOT-INF/classes/") ? "BOOT-INF/classes/".length() : 0,
                entry.length() - ".class".length());
        ClassFile file = new ClassFile(entry + " in " + jar, layerName, className, version.majorVersion());
        if (file.javaRelease() > runtime) {
            tooNew++; // a jar counts once: its newest class decides it
        }
        keepIfNewest(file);
    }

    private void count(ClassFile file) {
        classes++;
        if (file.javaRelease() > runtime) {
            tooNew++;
        }
        keepIfNewest(file);
    }

    private void keepIfNewest(ClassFile file) {
        if (newest == null || file.majorVersion() > newest.majorVersion()) {
            newest = file;
        }
    }

    private String absolute(String path) {
        if (path.startsWith("/")) {
            return path;
        }
        if (workingDirectory == null) {
            return null;
        }
        String base = workingDirectory.endsWith("/") ? workingDirectory : workingDirectory + "/";
        return path.equals(".") || path.equals("./") ? base : base + path;
    }

    private static boolean isModuleInfo(String path) {
        return path.endsWith("/module-info.class");
    }
}
