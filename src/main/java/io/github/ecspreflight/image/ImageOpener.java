package io.github.ecspreflight.image;

import io.github.ecspreflight.PreflightException;
import java.nio.file.Path;

/** Opens an image from its reference; relative paths are resolved against the project's base directory. */
public final class ImageOpener {

    private final Path baseDirectory;
    private final RegistryAccess registries;

    public ImageOpener(Path baseDirectory, RegistryAccess registries) {
        this.baseDirectory = baseDirectory;
        this.registries = registries;
    }

    /** An opener for local images only. */
    public ImageOpener(Path baseDirectory) {
        this(baseDirectory, RegistryAccess.defaults());
    }

    public Image open(ImageReference reference) throws PreflightException {
        String displayName = "image " + reference;
        return switch (reference.transport()) {
            case OCI, OCI_ARCHIVE -> {
                ImageFiles files = ImageFiles.open(baseDirectory.resolve(reference.location()), displayName);
                yield closeOnFailure(files, () -> LayoutReader.readOciLayout(reference, files));
            }
            case DOCKER_ARCHIVE -> {
                ImageFiles files = ImageFiles.open(baseDirectory.resolve(reference.location()), displayName);
                yield closeOnFailure(files, () -> LayoutReader.readDockerArchive(reference, files));
            }
            case DOCKER, DOCKER_DAEMON -> throw new PreflightException(displayName + ": the "
                    + reference.transport().prefix() + " transport is not supported by this version yet; "
                    + "save the image to an archive (docker save -o app.tar IMAGE) and use docker-archive:app.tar");
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
