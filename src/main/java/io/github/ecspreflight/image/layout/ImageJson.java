package io.github.ecspreflight.image.layout;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.ImageConfig;
import io.github.ecspreflight.image.Platform;
import java.util.ArrayList;
import java.util.List;

/** Reads the OCI and Docker image JSON documents: indexes, manifests, configs and Docker's {@code manifest.json}. */
final class ImageJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ImageJson() {}

    static JsonNode parse(byte[] bytes, String what) throws PreflightException {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new PreflightException(what + ": empty JSON document");
            }
            return node;
        } catch (JacksonException e) {
            throw new PreflightException(
                    what + ": not valid JSON (" + Messages.jsonCause(e.getOriginalMessage()) + ")", e);
        } catch (java.io.IOException e) {
            throw new PreflightException(what + ": cannot read (" + Messages.oneLine(e) + ")", e);
        }
    }

    /** Whether a document is an index (OCI image index or Docker manifest list), by media type or by shape. */
    static boolean isIndex(JsonNode document) {
        String mediaType = document.path("mediaType").asText("");
        if (!mediaType.isEmpty()) {
            return mediaType.equals(Descriptor.OCI_INDEX) || mediaType.equals(Descriptor.DOCKER_MANIFEST_LIST);
        }
        return document.has("manifests") && !document.has("config");
    }

    static List<Descriptor> indexEntries(JsonNode index, String what) throws PreflightException {
        JsonNode manifests = index.path("manifests");
        if (!manifests.isArray()) {
            throw new PreflightException(what + ": index has no manifests array");
        }
        List<Descriptor> entries = new ArrayList<>();
        for (JsonNode entry : manifests) {
            entries.add(descriptor(entry, what));
        }
        return entries;
    }

    static Descriptor descriptor(JsonNode node, String what) throws PreflightException {
        String digest = node.path("digest").asText("");
        if (!digest.matches("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")) {
            throw new PreflightException(what + ": descriptor with an invalid digest '" + digest + "'");
        }
        JsonNode platform = node.get("platform");
        Platform parsed = platform == null
                ? null
                : new Platform(
                        platform.path("os").asText(null),
                        platform.path("architecture").asText(null),
                        platform.path("variant").asText(null),
                        platform.path("os.version").asText(null));
        if (isAttestation(node)) {
            parsed = new Platform("unknown", "unknown", null, null);
        }
        return new Descriptor(
                node.path("mediaType").asText(null), digest, node.path("size").asLong(-1), parsed, null);
    }

    /** BuildKit marks attestation manifests both by an annotation and by the unknown/unknown platform. */
    private static boolean isAttestation(JsonNode node) {
        return "attestation-manifest"
                .equals(node.path("annotations")
                        .path("vnd.docker.reference.type")
                        .asText());
    }

    static String annotation(JsonNode descriptor, String name) {
        JsonNode value = descriptor.path("annotations").get(name);
        return value == null ? null : value.asText();
    }

    /** The config and layer descriptors of an image manifest (OCI or Docker v2 schema 2). */
    static Descriptor config(JsonNode manifest, String what) throws PreflightException {
        JsonNode config = manifest.get("config");
        if (config == null || !config.isObject()) {
            int schema = manifest.path("schemaVersion").asInt(0);
            throw new PreflightException(what
                    + (schema == 1
                            ? ": Docker schema 1 manifests are not supported; push again with a current Docker or Jib"
                            : ": manifest has no config descriptor"));
        }
        return descriptor(config, what);
    }

    static List<Descriptor> layers(JsonNode manifest, String what) throws PreflightException {
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(descriptor(layer, what));
        }
        return layers;
    }

    static ImageConfig imageConfig(JsonNode config, String what) throws PreflightException {
        if (!config.isObject() || !config.has("architecture")) {
            throw new PreflightException(what + ": not an image config (no architecture)");
        }
        JsonNode runtime = config.path("config");
        return new ImageConfig(
                new Platform(
                        config.path("os").asText(null),
                        config.path("architecture").asText(null),
                        config.path("variant").asText(null),
                        config.path("os.version").asText(null)),
                strings(runtime.get("Entrypoint")),
                strings(runtime.get("Cmd")),
                strings(runtime.get("Env")),
                runtime.path("WorkingDir").asText(null),
                runtime.path("User").asText(null));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(item -> values.add(item.asText()));
        }
        return values;
    }
}
