package io.github.ecspreflight.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import io.github.ecspreflight.common.BuildLog;
import io.github.ecspreflight.common.JsonTrees;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.ImageFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A registry repository seen as an OCI image layout that is fetched as it is read, so that the layout reader decides
 * platforms and the layer view reads layers exactly as for a directory: {@code index.json} names the manifest or index
 * the tag or digest resolves to; {@code blobs/ALG/HEX} is a manifest (pulled by digest), the config blob (pulled into
 * memory), or a layer (pulled into the {@link BlobCache} on first {@link #open}/{@link #channel}, then read from disk,
 * by seeking when uncompressed). Nothing is fetched that the reader does not ask for: a config check costs the
 * manifests and the config blob, an entrypoint check the layers the path walk reaches, topmost first.
 *
 * <p>Manifests are held as jib-core's registry client parsed them (Docker v2.2 and OCI manifests, Docker manifest lists
 * and OCI indexes), written back as JSON: their descriptors, platforms ({@code os}, {@code architecture}) and
 * annotations survive; an index entry's {@code variant} and {@code os.version} do not (jib-core does not model them),
 * which ECS's two architectures never need, and the chosen manifest's config still gives both.
 */
final class RegistryImageFiles implements ImageFiles {

    private static final Set<String> IMAGE_CONFIG_TYPES =
            Set.of("application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json");
    private static final String CONTAINERD_NAME = "io.containerd.image.name";

    private final String displayName;
    private final RegistryTarget target;
    private final RegistryClient client;
    private final FailoverHttpClient http;
    private final RegistryImageSource.Calls calls;
    private final BlobCache cache;
    private final BuildLog log;
    private final byte[] indexJson;
    private final Map<String, byte[]> manifests = new HashMap<>();
    private final Set<String> manifestDigests = new HashSet<>();
    private final Map<String, Long> blobSizes = new HashMap<>();

    RegistryImageFiles(
            String displayName,
            RegistryTarget target,
            RegistryClient client,
            FailoverHttpClient http,
            RegistryImageSource.Calls calls,
            BlobCache cache,
            ManifestAndDigest<ManifestTemplate> top,
            BuildLog log)
            throws PreflightException {
        this.log = log;
        this.displayName = displayName;
        this.target = target;
        this.client = client;
        this.http = http;
        this.calls = calls;
        this.cache = cache;
        String digest = top.getDigest().toString();
        byte[] json = remember(digest, top.getManifest());
        ObjectNode index = JsonNodeFactory.instance.objectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", Descriptor.OCI_INDEX);
        ObjectNode entry = index.putArray("manifests").addObject();
        entry.put("mediaType", top.getManifest().getManifestMediaType());
        entry.put("digest", digest);
        entry.put("size", json.length);
        entry.putObject("annotations").put(CONTAINERD_NAME, target.displayName());
        try {
            this.indexJson = JsonTrees.bytes(index);
        } catch (IOException e) {
            throw new IllegalStateException("an index of one entry is always JSON", e);
        }
    }

    @Override
    public String displayName() {
        return displayName;
    }

    /** Manifests are checked by jib-core's client and here ({@link #pullManifest}), layers by the {@link BlobCache}. */
    @Override
    public boolean verifiesDigests() {
        return true;
    }

    @Override
    public boolean exists(String path) {
        return path.equals("index.json") || digestOf(path).isPresent();
    }

    @Override
    public byte[] readMetadata(String path) throws PreflightException {
        if (path.equals("index.json")) {
            return indexJson.clone();
        }
        String digest = digestOf(path)
                .orElseThrow(() -> new PreflightException(displayName + ": no " + path + " in a registry repository"));
        byte[] manifest = manifests.get(digest);
        if (manifest != null) {
            return manifest.clone();
        }
        if (manifestDigests.contains(digest)) {
            return pullManifest(digest).clone();
        }
        return pullConfig(digest);
    }

    /** A layer blob, downloaded into the cache first unless it is there already; the caller closes the stream. */
    @Override
    public InputStream open(String path) throws IOException {
        return Files.newInputStream(layer(path));
    }

    /** A layer blob lies on disk once downloaded, so it can always be read by seeking. */
    @Override
    public Optional<SeekableByteChannel> channel(String path) throws IOException {
        return Optional.of(FileChannel.open(layer(path), StandardOpenOption.READ));
    }

    @Override
    public void close() throws IOException {
        http.shutDown();
    }

    private byte[] pullManifest(String digest) throws PreflightException {
        ManifestAndDigest<ManifestTemplate> pulled =
                calls.call("manifest " + digest, () -> client.pullManifest(digest));
        if (!pulled.getDigest().toString().equals(digest)) {
            throw new PreflightException(displayName + ": the registry answered manifest " + digest
                    + " with content whose digest is " + pulled.getDigest() + "; it is corrupt or tampered with");
        }
        return remember(digest, pulled.getManifest());
    }

    /**
     * Writes a manifest back as JSON and notes what it points at: an index's entries are manifests, a manifest's config
     * is a config blob (refused unless it is an image config), its layers are layers of known size.
     */
    private byte[] remember(String digest, ManifestTemplate template) throws PreflightException {
        byte[] json;
        JsonNode document;
        try {
            json = JsonTemplateMapper.toByteArray(template);
            document = JsonTrees.read(json);
        } catch (IOException e) {
            throw new PreflightException(
                    displayName + ": manifest " + digest + " cannot be read back (" + Messages.oneLine(e) + ")", e);
        }
        manifestDigests.add(digest);
        for (JsonNode entry : document.path("manifests")) {
            manifestDigests.add(entry.path("digest").asText());
        }
        JsonNode config = document.get("config");
        if (config != null) {
            String type = config.path("mediaType").asText("");
            if (!type.isEmpty() && !IMAGE_CONFIG_TYPES.contains(type)) {
                throw new PreflightException(displayName + ": manifest " + digest + " is not a container image: its "
                        + "config has media type " + type + " (an OCI artifact?)");
            }
            blobSizes.put(config.path("digest").asText(), config.path("size").asLong(-1));
        }
        for (JsonNode layer : document.path("layers")) {
            blobSizes.put(layer.path("digest").asText(), layer.path("size").asLong(-1));
        }
        manifests.put(digest, json);
        return json;
    }

    private byte[] pullConfig(String digest) throws PreflightException {
        long size = blobSizes.getOrDefault(digest, -1L);
        if (size > MAX_METADATA_BYTES) {
            throw new PreflightException(displayName + ": config blob " + digest + " is " + size
                    + " bytes, more than an image config ever is");
        }
        DescriptorDigest descriptorDigest = descriptorDigest(digest);
        BoundedBuffer buffer = new BoundedBuffer(MAX_METADATA_BYTES);
        calls.call("config blob " + digest, () -> {
            client.pullBlob(descriptorDigest, total -> {}, written -> {}).writeTo(buffer);
            return null;
        });
        return buffer.toByteArray();
    }

    private Path layer(String path) throws IOException {
        String digest = digestOf(path).orElseThrow(() -> new IOException("not a blob path: " + path));
        long size = blobSizes.getOrDefault(digest, -1L);
        DescriptorDigest descriptorDigest;
        try {
            descriptorDigest = descriptorDigest(digest);
        } catch (PreflightException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            return cache.get(
                    digest,
                    size,
                    out -> calls.callIo(
                            "layer blob " + digest,
                            size,
                            () -> client.pullBlob(descriptorDigest, total -> {}, written -> {})
                                    .writeTo(size >= PROGRESS_FROM_BYTES ? new Progress(out, digest, size) : out)));
        } catch (BlobCache.MismatchException e) {
            throw new IOException("download from " + target.host() + " failed: " + e.getMessage(), e);
        }
    }

    /** Downloads at least this large show their progress: a smaller one is over before progress would help. */
    static final long PROGRESS_FROM_BYTES = 4L * 1024 * 1024;

    /** Tells the log of each further MiB written, and of the last byte. */
    private final class Progress extends java.io.FilterOutputStream {
        private static final long STEP = 1024 * 1024;
        private final String resource;
        private final long size;
        private long written;
        private long told;

        Progress(OutputStream out, String digest, long size) {
            super(out);
            this.resource = "layer " + digest + " from " + target.host();
            this.size = size;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            advance(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            advance(len);
        }

        private void advance(int bytes) {
            written += bytes;
            if (written - told >= STEP || written == size) {
                told = written;
                log.progress(resource, written, size);
            }
        }
    }

    /** {@code sha256:HEX} from {@code blobs/sha256/HEX}. */
    private static Optional<String> digestOf(String path) {
        if (!path.startsWith("blobs/")) {
            return Optional.empty();
        }
        String rest = path.substring("blobs/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(rest.substring(0, slash) + ":" + rest.substring(slash + 1));
    }

    private DescriptorDigest descriptorDigest(String digest) throws PreflightException {
        try {
            return DescriptorDigest.fromDigest(digest);
        } catch (DigestException e) {
            throw new PreflightException(
                    displayName + ": " + digest + " is not a sha256 digest the registry client " + "can fetch", e);
        }
    }

    /** Holds a metadata blob in memory, refusing one larger than any real config. */
    private static final class BoundedBuffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long limit;

        BoundedBuffer(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            bytes.write(b, off, len);
        }

        private void check(int more) throws IOException {
            if (bytes.size() + (long) more > limit) {
                throw new IOException("the blob is larger than " + limit + " bytes, more than an image config ever is");
            }
        }

        int size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
