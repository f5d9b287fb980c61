package io.github.ecspreflight.image.layout;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.JsonTrees;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.ImageConfig;
import io.github.ecspreflight.image.Platform;
import java.util.ArrayList;
import java.util.List;

/** Reads the OCI and Docker image JSON documents: indexes, manifests, configs and Docker's {@code manifest.json}. */
final class ImageJson {

    private ImageJson() {}

    static JsonNode parse(byte[] bytes, String what) throws PreflightException {
        try {
            JsonNode node = JsonTrees.read(bytes);
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
            throw new PreflightException(what + ": index has no manifests array" + LocatedJson.found(manifests));
        }
        List<Descriptor> entries = new ArrayList<>();
        for (JsonNode entry : manifests) {
            entries.add(descriptor(entry, what));
        }
        return entries;
    }

    static Descriptor descriptor(JsonNode node, String what) throws PreflightException {
        if (!node.isObject()) {
            throw new PreflightException(what + ": a descriptor must be an object" + LocatedJson.found(node));
        }
        String digest = text(node, "digest", what);
        digest = digest == null ? "" : digest;
        if (!digest.matches("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")) {
            throw new PreflightException(what + ": descriptor with an invalid digest '" + digest + "'");
        }
        JsonNode platform = node.get("platform");
        if (platform != null && !platform.isNull() && !platform.isObject()) {
            throw new PreflightException(
                    what + ": a descriptor's platform must be an object" + LocatedJson.found(platform));
        }
        Platform parsed = platform == null || platform.isNull() ? null : platform(platform, what);
        if (isAttestation(node)) {
            parsed = new Platform("unknown", "unknown", null, null);
        }
        JsonNode size = node.get("size");
        if (size != null && !size.isIntegralNumber()) {
            throw new PreflightException(what + ": a descriptor's size must be a number" + LocatedJson.found(size));
        }
        return new Descriptor(text(node, "mediaType", what), digest, size == null ? -1 : size.asLong(), parsed, null);
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
        for (JsonNode layer : array(manifest, "layers", what)) {
            layers.add(descriptor(layer, what));
        }
        return layers;
    }

    static ImageConfig imageConfig(JsonNode config, String what) throws PreflightException {
        if (!config.isObject() || !config.has("architecture")) {
            throw new PreflightException(what + ": not an image config (no architecture)");
        }
        JsonNode runtime = config.path("config");
        if (!runtime.isMissingNode() && !runtime.isNull() && !runtime.isObject()) {
            throw new PreflightException(what + ": config must be an object" + LocatedJson.found(runtime));
        }
        return new ImageConfig(
                platform(config, what),
                strings(runtime, "Entrypoint", what),
                strings(runtime, "Cmd", what),
                strings(runtime, "Env", what),
                text(runtime, "WorkingDir", what),
                text(runtime, "User", what));
    }

    /** {@code os}, {@code architecture}, {@code variant}, {@code os.version}: each a string when present. */
    private static Platform platform(JsonNode node, String what) throws PreflightException {
        return new Platform(
                text(node, "os", what),
                text(node, "architecture", what),
                text(node, "variant", what),
                text(node, "os.version", what));
    }

    /**
     * A string field; null when absent or null. Another type is refused, naming the field: image metadata anyone can
     * write is never read as something else ({@code "architecture": 5} is not an architecture).
     */
    static String text(JsonNode node, String field, String what) throws PreflightException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new PreflightException(what + ": " + field + " must be a string" + LocatedJson.found(value));
        }
        return value.asText();
    }

    /** An array field; empty when absent or null, refused when it is another type. */
    static JsonNode array(JsonNode node, String field, String what) throws PreflightException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return MissingArray.EMPTY;
        }
        if (!value.isArray()) {
            throw new PreflightException(what + ": " + field + " must be an array" + LocatedJson.found(value));
        }
        return value;
    }

    /** A list of strings ({@code Entrypoint}, {@code Cmd}, {@code Env}); a null or a number in it is refused. */
    private static List<String> strings(JsonNode node, String field, String what) throws PreflightException {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array(node, field, what)) {
            if (!item.isTextual()) {
                throw new PreflightException(what + ": " + field + " must hold strings only" + LocatedJson.found(item));
            }
            values.add(item.asText());
        }
        return values;
    }

    /** The empty array an absent field reads as. */
    private static final class MissingArray {
        static final JsonNode EMPTY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }
}
