package io.github.ecspreflight.image.daemon;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.JsonTrees;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.ImageConfig;
import io.github.ecspreflight.image.ImageFiles;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.Platform;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.layout.LayoutFiles;
import io.github.ecspreflight.image.registry.SourceEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Opens {@code docker-daemon:NAME[:TAG]} images (or an image ID) through the container engine's CLI: {@code docker}, or
 * whatever {@code -DecsPreflight.dockerExecutable} names ({@code podman} answers the same two commands). The config
 * comes from {@code docker image inspect}; the layers only when the entrypoint check asks for one, from one
 * {@code docker save} into a temporary archive that is deleted when the image is closed. The CLI runs with the
 * build's environment, so {@code DOCKER_HOST}, {@code DOCKER_CONTEXT} and podman's {@code CONTAINER_HOST} apply.
 */
public final class DaemonImageSource {

    static final long INSPECT_TIMEOUT_SECONDS = 60;
    static final long SAVE_TIMEOUT_SECONDS = 600;
    /** What {@code docker image inspect} prints for one image is kilobytes; more is refused, never read in. */
    static final long MAX_INSPECT_BYTES = 16L * 1024 * 1024;

    private static final String LAYER_PREFIX = "daemon-layers/";

    /**
     * What the daemon holds: its image ID, the name to take the repository from (the name given, or the first tag when an
     * ID was given), the config and layers, and the files the layers are read from.
     */
    public record DaemonImage(String id, String name, ImageManifest manifest, ImageFiles files) {}

    private final RegistryAccess access;
    private final SourceEnvironment environment;

    public DaemonImageSource(RegistryAccess access, SourceEnvironment environment) {
        this.access = access;
        this.environment = environment;
    }

    /** {@code docker image inspect NAME}: the config, and the layers by their diff IDs, not read yet. */
    public DaemonImage open(ImageReference reference) throws PreflightException {
        String displayName = "image " + reference;
        String name = reference.location();
        if (access.offline()) {
            throw new PreflightException(displayName + ": Maven is offline (-o), and the container engine is not asked "
                    + "(DOCKER_HOST may be another machine); run without -o, or check a saved image instead "
                    + "(docker save -o app.tar " + name + ", then -DecsPreflight.image=docker-archive:app.tar)");
        }
        Cli cli = new Cli(displayName, environment);
        String output = cli.run(INSPECT_TIMEOUT_SECONDS, null, "image", "inspect", name);
        JsonNode inspected;
        try {
            JsonNode array = JsonTrees.read(output);
            inspected = array != null && array.isArray() ? array.path(0) : array;
        } catch (JacksonException e) {
            throw new PreflightException(
                    displayName + ": " + cli.command("image", "inspect") + " did not answer with " + "JSON ("
                            + e.getOriginalMessage() + ")",
                    e);
        }
        if (inspected == null || !inspected.isObject() || !inspected.has("Architecture")) {
            throw new PreflightException(
                    displayName + ": " + cli.command("image", "inspect") + " gave no image " + "(no Architecture)");
        }
        JsonNode config = inspected.path("Config");
        ImageConfig imageConfig = new ImageConfig(
                new Platform(
                        inspected.path("Os").asText(null),
                        inspected.path("Architecture").asText(null),
                        inspected.path("Variant").asText(null),
                        inspected.path("OsVersion").asText(null)),
                strings(config.get("Entrypoint")),
                strings(config.get("Cmd")),
                strings(config.get("Env")),
                config.path("WorkingDir").asText(null),
                config.path("User").asText(null));
        List<String> diffIds = strings(inspected.path("RootFS").get("Layers"));
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            layers.add(new Descriptor(
                    "application/vnd.docker.image.rootfs.diff.tar", diffIds.get(i), -1, null, LAYER_PREFIX + i));
        }
        String id = inspected.path("Id").asText(null);
        if (id != null && !id.contains(":")) {
            id = "sha256:" + id; // podman prints the bare hex
        }
        String repositoryName = name;
        if (isImageId(name)) {
            List<String> tags = strings(inspected.get("RepoTags"));
            repositoryName = tags.isEmpty() ? null : tags.get(0);
        }
        ImageManifest manifest = new ImageManifest(id, imageConfig, layers);
        return new DaemonImage(
                id, repositoryName, manifest, new DaemonImageFiles(displayName, cli, name, diffIds.size()));
    }

    /** {@code sha256:HEX}, or the 12 to 64 hex digits {@code docker images} shows. */
    static boolean isImageId(String name) {
        return name.matches("sha256:[0-9a-f]{12,64}") || name.matches("[0-9a-f]{12,64}");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(item -> values.add(item.asText()));
        }
        return values;
    }

    /** The engine's CLI, run with the build's environment and a deadline; output goes to files, never to a full pipe. */
    static final class Cli {
        private final String displayName;
        private final SourceEnvironment environment;

        Cli(String displayName, SourceEnvironment environment) {
            this.displayName = displayName;
            this.environment = environment;
        }

        String command(String... arguments) {
            return executableName() + " " + String.join(" ", arguments);
        }

        private String executableName() {
            return environment.dockerExecutable();
        }

        /** Runs the CLI; its standard output, or a one-line failure naming the command and the CLI's first error line. */
        String run(long timeoutSeconds, Path workDirectory, String... arguments) throws PreflightException {
            String executable = resolve();
            List<String> command = new ArrayList<>();
            command.add(executable);
            command.addAll(List.of(arguments));
            Path out = null;
            Path err = null;
            try {
                Path scratch = scratchDirectory();
                out = Files.createTempFile(scratch, "cli", ".out");
                err = Files.createTempFile(scratch, "cli", ".err");
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().clear();
                builder.environment().putAll(environment.env());
                if (workDirectory != null) {
                    builder.directory(workDirectory.toFile());
                }
                Process process;
                try {
                    process = builder.start();
                } catch (IOException e) {
                    throw new PreflightException(
                            displayName + ": cannot run the container engine CLI '"
                                    + executableName() + "' (" + Messages.oneLine(e)
                                    + "); install docker, or name another with dockerExecutable (-D"
                                    + SourceEnvironment.DOCKER_EXECUTABLE_PROPERTY + "=podman)",
                            e);
                }
                process.getOutputStream().close(); // the CLI reads no input
                boolean finished;
                try {
                    finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    stop(process);
                    Thread.currentThread().interrupt();
                    throw new PreflightException(displayName + ": interrupted while " + command(arguments) + " ran", e);
                }
                if (!finished) {
                    stop(process);
                    throw new PreflightException(displayName + ": " + command(arguments) + " did not finish within "
                            + timeoutSeconds + " s (is the daemon at DOCKER_HOST answering?)");
                }
                if (process.exitValue() != 0) {
                    String error = Messages.firstLine(Files.readString(err, StandardCharsets.UTF_8));
                    String hint = error.toLowerCase(java.util.Locale.ROOT).contains("no such image")
                            ? "; build or pull it first, or check the name (docker images lists what the daemon holds)"
                            : "";
                    throw new PreflightException(displayName + ": " + command(arguments) + " failed (exit "
                            + process.exitValue() + (error.isEmpty() ? "" : ": " + error) + ")" + hint);
                }
                if (Files.size(out) > MAX_INSPECT_BYTES) {
                    throw new PreflightException(displayName + ": " + command(arguments) + " printed " + Files.size(out)
                            + " bytes, more than any image's metadata (" + MAX_INSPECT_BYTES + ")");
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new PreflightException(
                        displayName + ": " + command(arguments) + " failed (" + Messages.oneLine(e) + ")", e);
            } finally {
                deleteQuietly(out);
                deleteQuietly(err);
            }
        }

        /**
         * Where the CLI's output and {@code docker save} archives go while they are read: under the plugin's cache
         * directory, the user's own, not the system's shared temporary directory.
         */
        Path scratchDirectory() throws IOException {
            return Files.createDirectories(environment.cacheDirectory().resolve("tmp"));
        }

        /** A CLI that hangs is stopped with every process it started (a credential helper, a plugin). */
        private static void stop(Process process) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        /** A bare name is looked up on the environment's {@code PATH}, as a shell would. */
        private String resolve() {
            String executable = environment.dockerExecutable();
            if (executable.contains(File.separator)) {
                return executable;
            }
            String path = environment.env().get("PATH");
            if (path != null) {
                for (String directory : path.split(File.pathSeparator)) {
                    Path candidate = directory.isBlank() ? null : Path.of(directory, executable);
                    if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate.toString();
                    }
                }
            }
            return executable;
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    /**
     * The daemon image's layers: {@code daemon-layers/N} is the N-th layer of {@code RootFS.Layers}, read from one
     * {@code docker save} made on the first request, whose {@code manifest.json} lists the same layers in the same order.
     */
    static final class DaemonImageFiles implements ImageFiles {
        private final String displayName;
        private final Cli cli;
        private final String name;
        private final int layerCount;
        private Path directory;
        private ImageFiles saved;
        private List<String> layerPaths;

        DaemonImageFiles(String displayName, Cli cli, String name, int layerCount) {
            this.displayName = displayName;
            this.cli = cli;
            this.name = name;
            this.layerCount = layerCount;
        }

        @Override
        public String displayName() {
            return displayName;
        }

        @Override
        public boolean exists(String path) {
            return layerIndex(path).isPresent();
        }

        @Override
        public byte[] readMetadata(String path) throws PreflightException {
            throw new PreflightException(displayName + ": no " + path + " in a daemon image");
        }

        @Override
        public InputStream open(String path) throws IOException {
            return files().open(savedPath(path));
        }

        @Override
        public Optional<SeekableByteChannel> channel(String path) throws IOException {
            return files().channel(savedPath(path));
        }

        private String savedPath(String path) throws IOException {
            int index = layerIndex(path).orElseThrow(() -> new IOException("not a layer of the daemon image: " + path));
            files();
            return layerPaths.get(index);
        }

        private static Optional<Integer> layerIndex(String path) {
            if (!path.startsWith(LAYER_PREFIX)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Integer.parseInt(path.substring(LAYER_PREFIX.length())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        private ImageFiles files() throws IOException {
            if (saved != null) {
                return saved;
            }
            try {
                directory = Files.createTempDirectory(cli.scratchDirectory(), "save");
                Path archive = directory.resolve("image.tar");
                cli.run(SAVE_TIMEOUT_SECONDS, directory, "save", "-o", archive.toString(), name);
                ImageFiles files = LayoutFiles.open(archive, displayName + " (docker save)");
                try {
                    layerPaths = layersOf(files);
                } catch (PreflightException | RuntimeException e) {
                    files.close();
                    throw e;
                }
                saved = files;
                return saved;
            } catch (PreflightException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        private List<String> layersOf(ImageFiles files) throws PreflightException {
            JsonNode manifest;
            try {
                manifest = JsonTrees.read(files.readMetadata("manifest.json"));
            } catch (IOException e) {
                throw new PreflightException(displayName + ": docker save wrote a manifest.json that is not JSON", e);
            }
            if (manifest == null || !manifest.isArray() || manifest.isEmpty()) {
                throw new PreflightException(displayName + ": docker save wrote a manifest.json that lists no image");
            }
            List<String> layers = strings(manifest.get(0).get("Layers"));
            if (layers.size() != layerCount) {
                throw new PreflightException(
                        displayName + ": docker save wrote " + layers.size() + " layers but docker "
                                + "image inspect listed " + layerCount + " (did the tag move meanwhile?)");
            }
            return layers;
        }

        @Override
        public void close() throws IOException {
            try {
                if (saved != null) {
                    saved.close();
                }
            } finally {
                if (directory != null) {
                    try (Stream<Path> paths = Files.walk(directory)) {
                        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(path);
                        }
                    }
                }
            }
        }
    }
}
