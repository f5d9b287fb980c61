package io.github.ecspreflight.report;

import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.common.SourceLocation;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Names files as code scanning and GitHub annotations want them: relative to the root of the repository that holds
 * the project (the nearest directory up from the base directory with a {@code .git} directory, or a {@code .git} file
 * as worktrees and submodules have), else relative to the base directory; always with forward slashes.
 */
final class RepositoryPaths {

    private final Path baseDirectory;
    private final Path root;

    private RepositoryPaths(Path baseDirectory, Path root) {
        this.baseDirectory = baseDirectory;
        this.root = root;
    }

    static RepositoryPaths of(Path baseDirectory) {
        Path base = baseDirectory.toAbsolutePath().normalize();
        for (Path dir = base; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return new RepositoryPaths(base, dir);
            }
        }
        return new RepositoryPaths(base, base);
    }

    Path root() {
        return root;
    }

    /** The base directory relative to the root: {@code ""} for a project at the root, else e.g. {@code services/orders}. */
    String module() {
        return slashes(root.relativize(baseDirectory));
    }

    /**
     * The file of a location relative to the repository root; empty for a live source (no file), a name that is no
     * path, or a file outside the repository (see {@link #absolute}).
     */
    Optional<String> relative(SourceLocation location, CheckResult.CheckedTask task) {
        return path(location, task).filter(p -> p.startsWith(root)).map(p -> slashes(root.relativize(p)));
    }

    /** The file of a location as an absolute path; empty for a live source or a name that is no path. */
    Optional<Path> path(SourceLocation location, CheckResult.CheckedTask task) {
        if (location == null || location.file() == null || location.file().isBlank() || (task != null && task.live())) {
            return Optional.empty();
        }
        try {
            return Optional.of(baseDirectory.resolve(location.file()).normalize());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The module's build file ({@code pom.xml}) relative to the root, when there is one. */
    Optional<String> buildFile() {
        Path pom = baseDirectory.resolve("pom.xml");
        return Files.isRegularFile(pom) ? Optional.of(slashes(root.relativize(pom))) : Optional.empty();
    }

    /** A relative path as a URI reference: percent-encoded, and never mistaken for a scheme. */
    static String uriReference(String relativePath) {
        String path = relativePath;
        int colon = path.indexOf(':');
        int slash = path.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            path = "./" + path;
        }
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a path: " + relativePath, e);
        }
    }

    /** The root as a {@code file:} URI ending in a slash, as SARIF's {@code originalUriBaseIds} wants it. */
    String rootUri() {
        String uri = root.toUri().toASCIIString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }
}
