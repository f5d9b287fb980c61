package io.github.ecspreflight.image;

import io.github.ecspreflight.common.PreflightException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An opened image: either an index of per-platform manifests or a single manifest, with its metadata read and its
 * layers left where they are until the entrypoint check asks for one.
 */
public final class Image implements Closeable {

    private final ImageReference reference;
    private final String repository;
    private final String digest;
    private final boolean index;
    private final List<Descriptor> entries;
    private final ImageFiles files;
    private final ManifestReader manifestReader;
    private final Map<String, ImageManifest> manifests = new HashMap<>();

    /** Reads the manifest and config an index entry points at, from the layout the image was opened from. */
    @FunctionalInterface
    public interface ManifestReader {
        ImageManifest read(ImageFiles files, Descriptor entry) throws PreflightException;
    }

    private Image(
            ImageReference reference,
            String repository,
            String digest,
            boolean index,
            List<Descriptor> entries,
            ImageFiles files,
            ManifestReader manifestReader) {
        this.reference = reference;
        this.repository = repository;
        this.digest = digest;
        this.index = index;
        this.entries = List.copyOf(entries);
        this.files = files;
        this.manifestReader = manifestReader;
    }

    /** An image index: its entries carry the platforms they claim; attestation entries are already left out. */
    public static Image ofIndex(
            ImageReference reference,
            String repository,
            String digest,
            List<Descriptor> entries,
            ImageFiles files,
            ManifestReader manifestReader) {
        return new Image(reference, repository, digest, true, entries, files, manifestReader);
    }

    /** A single manifest, judged by its config's platform. */
    public static Image ofManifest(
            ImageReference reference, String repository, ImageManifest manifest, ImageFiles files) {
        Descriptor entry = new Descriptor(
                Descriptor.OCI_MANIFEST,
                manifest.digest(),
                -1,
                manifest.config().platform(),
                null);
        Image image = new Image(reference, repository, manifest.digest(), false, List.of(entry), files, (f, e) -> {
            throw new IllegalStateException("a single-manifest image has no other manifest to read");
        });
        image.manifests.put(manifest.digest(), manifest);
        return image;
    }

    public ImageReference reference() {
        return reference;
    }

    /** The repository the image was named with ({@code my-service}, {@code HOST/team/my-service}), if any. */
    public Optional<String> repository() {
        return Optional.ofNullable(repository);
    }

    /** The index's or manifest's digest; for Docker's legacy archive, the image ID; null when the layout names none. */
    public String digest() {
        return digest;
    }

    public boolean isIndex() {
        return index;
    }

    /** What the image offers: an index's platforms, or the single manifest's config platform. */
    public List<Platform> platforms() {
        return entries.stream().map(Descriptor::platform).toList();
    }

    public List<Descriptor> entries() {
        return entries;
    }

    /** The index entry for a platform, compared after normalisation. */
    public Optional<Descriptor> entryFor(Platform target) {
        return entries.stream().filter(e -> e.platform().sameCpuAndOs(target)).findFirst();
    }

    /**
     * The manifest ECS would pull on {@code target}; null {@code target} (a CPU that cannot be known) picks only a
     * single manifest, never an index entry.
     */
    public ManifestChoice choose(Platform target) throws PreflightException {
        if (target == null) {
            return new ManifestChoice(index ? Optional.empty() : Optional.of(manifest(entries.get(0))), null, false);
        }
        Optional<Descriptor> entry = entryFor(target);
        if (index && entry.isEmpty()) {
            return new ManifestChoice(Optional.empty(), null, true);
        }
        return new ManifestChoice(
                Optional.of(manifest(entry.orElse(entries.get(0)))), index ? entry.get() : null, false);
    }

    /** The manifest and config an entry points at, read once. */
    public ImageManifest manifest(Descriptor entry) throws PreflightException {
        ImageManifest cached = manifests.get(entry.digest());
        if (cached == null) {
            cached = manifestReader.read(files, entry);
            manifests.put(entry.digest(), cached);
        }
        return cached;
    }

    /** Streams a layer blob as it is stored (compressed or not); the caller closes it. */
    public InputStream openLayer(Descriptor layer) throws IOException {
        return files.open(layer.blobPath());
    }

    /** Random access to a layer blob where its storage can seek ({@link ImageFiles#channel}); the caller closes it. */
    public Optional<SeekableByteChannel> layerChannel(Descriptor layer) throws IOException {
        return files.channel(layer.blobPath());
    }

    @Override
    public void close() throws IOException {
        files.close();
    }
}
