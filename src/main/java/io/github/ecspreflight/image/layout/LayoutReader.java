package io.github.ecspreflight.image.layout;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageConfig;
import io.github.ecspreflight.image.ImageFiles;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.ImageNames;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.Platform;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the image in an OCI layout ({@code index.json}) or a {@code docker save} archive ({@code manifest.json}),
 * whatever produced it: skopeo, Jib (Docker or OCI format), Docker before 25 (legacy layout), Docker 25+ (an OCI
 * layout with a {@code manifest.json} beside it) and Docker 29's containerd store (a nested index with attestation
 * entries, of which a partial export holds only some platforms).
 */
public final class LayoutReader {

    private static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final String CONTAINERD_NAME = "io.containerd.image.name";
    /** An index may point at an index (Docker 29 exports, skopeo --all); real ones nest once. */
    private static final int MAX_INDEX_DEPTH = 4;
    /** Real multi-platform images list a handful of platforms (and as many attestations). */
    static final int MAX_INDEX_ENTRIES = 1_000;

    private LayoutReader() {}

    public static Image readOciLayout(ImageReference reference, ImageFiles files) throws PreflightException {
        if (!files.exists("index.json")) {
            throw new PreflightException(files.displayName() + ": not an OCI image layout (no index.json)");
        }
        JsonNode index = ImageJson.parse(files.readMetadata("index.json"), files.displayName() + " index.json");
        List<JsonNode> tops = new ArrayList<>();
        for (JsonNode top : ImageJson.array(index, "manifests", files.displayName() + " index.json")) {
            if (!top.isObject()) {
                throw new PreflightException(
                        files.displayName() + " index.json: manifests must hold descriptors" + LocatedJson.found(top));
            }
            tops.add(top);
        }
        if (tops.isEmpty()) {
            throw new PreflightException(files.displayName() + ": index.json lists no image");
        }
        String ref = reference.ref();
        JsonNode chosen;
        if (ref != null) {
            chosen = tops.stream()
                    .filter(t -> namesMatch(ref, ImageJson.annotation(t, REF_NAME))
                            || namesMatch(ref, ImageJson.annotation(t, CONTAINERD_NAME)))
                    .findFirst()
                    .orElseThrow(() -> new PreflightException(
                            files.displayName() + ": no image named '" + ref + "'; it holds " + names(tops)));
        } else if (tops.size() == 1) {
            chosen = tops.get(0);
        } else if (tops.stream().allMatch(t -> t.has("platform") && ImageJson.annotation(t, REF_NAME) == null)) {
            // index.json is itself the multi-platform index (as some tools write it).
            String what = files.displayName() + " index.json";
            return Image.ofIndex(
                    reference,
                    null,
                    null,
                    platformEntries(files, ImageJson.indexEntries(index, what), 0, new java.util.HashSet<>()),
                    files,
                    LayoutReader::readManifest);
        } else {
            throw new PreflightException(files.displayName() + ": holds several images, name one with "
                    + reference.transport().prefix() + ":" + reference.location() + ":REF; it holds " + names(tops));
        }
        String repository = repositoryOf(
                ref != null
                        ? ref
                        : firstNonNull(
                                ImageJson.annotation(chosen, CONTAINERD_NAME), ImageJson.annotation(chosen, REF_NAME)));
        return open(reference, repository, ImageJson.descriptor(chosen, files.displayName() + " index.json"), files);
    }

    public static Image readDockerArchive(ImageReference reference, ImageFiles files) throws PreflightException {
        String name = files.displayName();
        if (!files.exists("manifest.json")) {
            if (files.exists("index.json")) {
                return readOciLayout(reference, files);
            }
            throw new PreflightException(name + ": not a docker save archive (no manifest.json)");
        }
        JsonNode manifest = ImageJson.parse(files.readMetadata("manifest.json"), name + " manifest.json");
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new PreflightException(name + ": manifest.json lists no image");
        }
        String ref = reference.ref();
        JsonNode chosen = null;
        List<String> tags = new ArrayList<>();
        for (JsonNode image : manifest) {
            if (!image.isObject()) {
                throw new PreflightException(
                        name + " manifest.json: each image must be an object" + LocatedJson.found(image));
            }
            for (JsonNode tag : ImageJson.array(image, "RepoTags", name + " manifest.json")) {
                if (!tag.isTextual()) {
                    throw new PreflightException(
                            name + " manifest.json: RepoTags must hold names" + LocatedJson.found(tag));
                }
                tags.add(tag.asText());
                if (ref != null && chosen == null && namesMatch(ref, tag.asText())) {
                    chosen = image;
                }
            }
        }
        if (chosen == null) {
            if (ref != null) {
                throw new PreflightException(name + ": no image tagged '" + ref + "'; it holds " + describeTags(tags));
            }
            if (manifest.size() > 1) {
                throw new PreflightException(
                        name + ": holds " + manifest.size() + " images, name one with docker-archive:"
                                + reference.location() + ":TAG; it holds " + describeTags(tags));
            }
            chosen = manifest.get(0);
        }
        String tag = ref != null ? ref : chosen.path("RepoTags").path(0).asText(null);
        String repository = repositoryOf(tag);

        // Docker 29 keeps the whole multi-platform index in index.json; manifest.json names only one config.
        if (files.exists("index.json")) {
            JsonNode index = ImageJson.parse(files.readMetadata("index.json"), name + " index.json");
            JsonNode tops = ImageJson.array(index, "manifests", name + " index.json");
            for (JsonNode top : tops) {
                boolean matches = tops.size() == 1 || namesMatch(tag, ImageJson.annotation(top, CONTAINERD_NAME));
                Descriptor descriptor = ImageJson.descriptor(top, name + " index.json");
                if (matches && descriptor.isIndex() && files.exists(descriptor.blobPath())) {
                    return open(reference, repository, descriptor, files);
                }
            }
        }
        String configPath = ImageJson.text(chosen, "Config", name + " manifest.json");
        if (configPath == null || configPath.isEmpty()) {
            throw new PreflightException(name + ": manifest.json entry has no Config");
        }
        byte[] configBytes = files.readMetadata(configPath);
        ImageConfig config =
                ImageJson.imageConfig(ImageJson.parse(configBytes, name + " " + configPath), name + " " + configPath);
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : ImageJson.array(chosen, "Layers", name + " manifest.json")) {
            if (!layer.isTextual()) {
                throw new PreflightException(
                        name + " manifest.json: Layers must hold file names" + LocatedJson.found(layer));
            }
            layers.add(new Descriptor(null, null, -1, null, layer.asText()));
        }
        String imageId = "sha256:" + sha256(configBytes);
        return Image.ofManifest(reference, repository, new ImageManifest(imageId, config, layers), files);
    }

    private static Image open(ImageReference reference, String repository, Descriptor top, ImageFiles files)
            throws PreflightException {
        if (isIndex(files, top)) {
            String what = files.displayName() + " index " + top.digest();
            JsonNode index = ImageJson.parse(blob(files, top, what), what);
            List<Descriptor> entries =
                    platformEntries(files, ImageJson.indexEntries(index, what), 1, new java.util.HashSet<>());
            return Image.ofIndex(reference, repository, top.digest(), entries, files, LayoutReader::readManifest);
        }
        return Image.ofManifest(reference, repository, readManifest(files, top), files);
    }

    /** An index's entries, nested indexes flattened, attestations dropped, platforms filled in from configs. */
    /**
     * The platform manifests an index holds, nested indexes expanded. Each digest is taken once, however many entries
     * name it, and at most {@value #MAX_INDEX_ENTRIES} are taken in all: four levels of 200 entries naming each other
     * are 130 KB of blobs, and without both rules 1.6 billion entries.
     */
    private static List<Descriptor> platformEntries(
            ImageFiles files, List<Descriptor> entries, int depth, java.util.Set<String> seen)
            throws PreflightException {
        List<Descriptor> result = new ArrayList<>();
        for (Descriptor entry : entries) {
            if (entry.platform() != null && entry.platform().isAttestation()) {
                continue;
            }
            if (!seen.add(entry.digest())) {
                continue;
            }
            if (seen.size() > MAX_INDEX_ENTRIES) {
                throw new PreflightException(files.displayName() + ": its indexes name more than " + MAX_INDEX_ENTRIES
                        + " manifests, more than any real image has");
            }
            if (entry.isIndex()) {
                if (depth >= MAX_INDEX_DEPTH) {
                    throw new PreflightException(
                            files.displayName() + ": indexes nested deeper than " + MAX_INDEX_DEPTH);
                }
                String what = files.displayName() + " index " + entry.digest();
                JsonNode nested = ImageJson.parse(blob(files, entry, what), what);
                result.addAll(platformEntries(files, ImageJson.indexEntries(nested, what), depth + 1, seen));
            } else if (entry.platform() == null) {
                // An entry that does not say its platform is judged by its config.
                Platform platform = readManifest(files, entry).config().platform();
                result.add(new Descriptor(entry.mediaType(), entry.digest(), entry.size(), platform, null));
            } else {
                result.add(entry);
            }
        }
        return result;
    }

    private static boolean isIndex(ImageFiles files, Descriptor descriptor) throws PreflightException {
        if (descriptor.mediaType() != null) {
            return descriptor.isIndex();
        }
        String what = files.displayName() + " " + descriptor.digest();
        return ImageJson.isIndex(ImageJson.parse(blob(files, descriptor, what), what));
    }

    public static ImageManifest readManifest(ImageFiles files, Descriptor entry) throws PreflightException {
        String what = files.displayName() + " manifest " + entry.digest();
        if (!files.exists(entry.blobPath())) {
            throw new PreflightException(what + " is not in the archive (a partial export?); it holds no "
                    + (entry.platform() == null ? "such image" : entry.platform() + " image"));
        }
        JsonNode manifest = ImageJson.parse(blob(files, entry, what), what);
        Descriptor configDescriptor = ImageJson.config(manifest, what);
        String configWhat = files.displayName() + " config " + configDescriptor.digest();
        ImageConfig config = ImageJson.imageConfig(
                ImageJson.parse(blob(files, configDescriptor, configWhat), configWhat), configWhat);
        return new ImageManifest(entry.digest(), config, ImageJson.layers(manifest, what));
    }

    /**
     * A manifest, index or config blob, checked against the digest it is named by where the storage has not checked
     * it already: a local layout's metadata is judged only as its digests say it is, never as someone edited it.
     */
    private static byte[] blob(ImageFiles files, Descriptor descriptor, String what) throws PreflightException {
        byte[] bytes = files.readMetadata(descriptor.blobPath());
        if (!files.verifiesDigests()) {
            String digest = descriptor.digest();
            String algorithm = digest.substring(0, digest.indexOf(':'));
            String actual = switch (algorithm) {
                case "sha256" -> "sha256:" + sha256(bytes);
                case "sha512" -> "sha512:" + hash("SHA-512", bytes);
                default -> throw new PreflightException(what + ": digest algorithm " + algorithm + " is not supported");
            };
            if (!actual.equals(digest)) {
                throw new PreflightException(what + ": its content has digest " + actual + ", not the " + digest
                        + " it is named by: the layout was altered or is corrupt");
            }
        }
        return bytes;
    }

    private static String hash(String algorithm, byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java platform", e);
        }
    }

    /**
     * Whether a reference names the same image as a tag or annotation, as Docker would resolve them:
     * {@code app} = {@code app:latest} = {@code docker.io/library/app:latest}; a bare OCI ref name ({@code 1.0})
     * matches by equality.
     */
    static boolean namesMatch(String wanted, String candidate) {
        if (wanted == null || candidate == null) {
            return false;
        }
        return wanted.equals(candidate) || ImageNames.canonical(wanted).equals(ImageNames.canonical(candidate));
    }

    /** The repository an archive names ({@code HOST/team/app}); null for a bare OCI ref name such as {@code 1.0}. */
    public static String repositoryOf(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String value = ImageNames.withoutTagOrDigest(name);
        boolean bareTag = value.equals(name) && !value.contains("/") && value.matches("[0-9][\\w.-]*|latest");
        return value.isEmpty() || bareTag ? null : value;
    }

    private static String names(List<JsonNode> tops) {
        return tops.stream()
                .map(t -> firstNonNull(ImageJson.annotation(t, CONTAINERD_NAME), ImageJson.annotation(t, REF_NAME)))
                .map(n -> n == null ? "(unnamed)" : n)
                .collect(Collectors.collectingAndThen(Collectors.toList(), Messages::list));
    }

    private static String describeTags(List<String> tags) {
        return tags.isEmpty() ? "only untagged images" : Messages.list(tags);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
