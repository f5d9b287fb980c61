package io.github.ecspreflight.image.open;

import io.github.ecspreflight.aws.EcrCredentials;
import io.github.ecspreflight.common.BuildLog;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageFiles;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.LoggedImageFiles;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.daemon.DaemonImageSource;
import io.github.ecspreflight.image.layout.LayoutFiles;
import io.github.ecspreflight.image.layout.LayoutReader;
import io.github.ecspreflight.image.registry.RegistryImageSource;
import io.github.ecspreflight.image.registry.SourceEnvironment;
import java.nio.file.Path;

/** Opens an image from its reference; relative paths are resolved against the project's base directory. */
public final class ImageOpener {

    private final Path baseDirectory;
    private final RegistryAccess registries;
    private final SourceEnvironment sources;
    private final BuildLog log;

    public ImageOpener(Path baseDirectory, RegistryAccess registries) {
        this(baseDirectory, registries, SourceEnvironment.fromSystem(), BuildLog.NONE);
    }

    public ImageOpener(Path baseDirectory, RegistryAccess registries, SourceEnvironment sources) {
        this(baseDirectory, registries, sources, BuildLog.NONE);
    }

    /**
     * @param sources the environment the registry and daemon sources look in (Docker config, layer cache, docker CLI)
     * @param log what is opened and read, at debug level, and the progress of registry downloads
     */
    public ImageOpener(Path baseDirectory, RegistryAccess registries, SourceEnvironment sources, BuildLog log) {
        this.baseDirectory = baseDirectory;
        this.registries = registries;
        this.sources = sources;
        this.log = log;
    }

    public Image open(ImageReference reference) throws PreflightException {
        String displayName = "image " + reference;
        log.debug("ecs-preflight: opening " + displayName + " (" + reference.transport() + ")");
        return switch (reference.transport()) {
            case OCI, OCI_ARCHIVE -> {
                ImageFiles files = LoggedImageFiles.of(
                        LayoutFiles.open(baseDirectory.resolve(reference.location()), displayName), log);
                yield closeOnFailure(files, () -> LayoutReader.readOciLayout(reference, files));
            }
            case DOCKER_ARCHIVE -> {
                ImageFiles files = LoggedImageFiles.of(
                        LayoutFiles.open(baseDirectory.resolve(reference.location()), displayName), log);
                yield closeOnFailure(files, () -> LayoutReader.readDockerArchive(reference, files));
            }
            case DOCKER -> {
                // The registry repository as a layout fetched as it is read: platforms are chosen as for a layout.
                ImageFiles files = LoggedImageFiles.of(
                        new RegistryImageSource(registries, sources, new EcrCredentials(sources), log).open(reference),
                        log);
                yield closeOnFailure(files, () -> LayoutReader.readOciLayout(reference, files));
            }
            case DOCKER_DAEMON -> {
                DaemonImageSource.DaemonImage daemon = new DaemonImageSource(registries, sources).open(reference);
                yield Image.ofManifest(
                        reference,
                        LayoutReader.repositoryOf(daemon.name()),
                        daemon.manifest(),
                        LoggedImageFiles.of(daemon.files(), log));
            }
        };
    }

    private interface Reader {
        Image read() throws PreflightException;
    }

    private static Image closeOnFailure(ImageFiles files, Reader reader) throws PreflightException {
        try {
            return reader.read();
        } catch (PreflightException | RuntimeException e) {
            try {
                files.close();
            } catch (java.io.IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
