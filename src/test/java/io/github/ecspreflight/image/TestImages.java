package io.github.ecspreflight.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.github.ecspreflight.image.layout.LayoutReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Real images for tests, built offline by Jib core from {@code scratch} for any platform, and the layouts other tools
 * write derived from them where no such tool runs here (Docker 25+ and Docker 29 archives have no engine on this
 * machine; they are assembled from Jib's real blobs in the documented layout, and say so).
 */
public final class TestImages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestImages() {}

    /** A scratch image for {@code linux/ARCH} whose entrypoint {@code /app/run} holds {@code entrypointBytes}. */
    public static JibContainerBuilder scratch(String architecture, byte[] entrypointBytes, Path work)
            throws IOException {
        Path file = Files.createTempFile(work, "run", ".bin");
        Files.write(file, entrypointBytes);
        return Jib.fromScratch()
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform(architecture, "linux")))
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .addEntry(file, AbsoluteUnixPath.get("/app/run"), FilePermissions.fromOctalString("755"))
                        .build())
                .setEntrypoint("/app/run")
                .setEnvironment(Map.of("PATH", "/app:/usr/bin:/bin"));
    }

    /** A scratch image whose entrypoint is a real static executable for its platform (the gcc-built fixtures). */
    public static JibContainerBuilder scratch(String architecture, Path work) throws IOException {
        return scratch(architecture, staticBinary(architecture), work);
    }

    /** The tiny static ELF executable that {@code make-fixtures.sh} builds for an OCI architecture. */
    public static byte[] staticBinary(String architecture) throws IOException {
        String machine = switch (architecture) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> throw new IllegalArgumentException("no fixture binary for " + architecture);
        };
        try (InputStream in = TestImages.class.getResourceAsStream("/binary/static-" + machine)) {
            if (in == null) {
                throw new IOException("fixture /binary/static-" + machine + " is not on the test class path");
            }
            return in.readAllBytes();
        }
    }

    /** {@code jib:buildTar}'s default output: Docker's legacy {@code docker save} layout. */
    public static Path dockerArchive(JibContainerBuilder builder, Path tar, String name) throws Exception {
        builder.setFormat(ImageFormat.Docker)
                .containerize(Containerizer.to(TarImage.at(tar).named(name))
                        .setOfflineMode(true)
                        .setBaseImageLayersCache(tar.resolveSibling("jib-cache"))
                        .setApplicationLayersCache(tar.resolveSibling("jib-cache")));
        return tar;
    }

    /** {@code jib:buildTar} with {@code <format>OCI</format>}: an OCI layout inside a tar. */
    public static Path ociArchive(JibContainerBuilder builder, Path tar, String name) throws Exception {
        builder.setFormat(ImageFormat.OCI)
                .containerize(Containerizer.to(TarImage.at(tar).named(name))
                        .setOfflineMode(true)
                        .setBaseImageLayersCache(tar.resolveSibling("jib-cache"))
                        .setApplicationLayersCache(tar.resolveSibling("jib-cache")));
        return tar;
    }

    public static Path extract(Path tar, Path directory) throws IOException {
        Files.createDirectories(directory);
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
        return directory;
    }

    public static Path pack(Path directory, Path tar) throws IOException {
        try (OutputStream out = Files.newOutputStream(tar);
                TarArchiveOutputStream archive = new TarArchiveOutputStream(out);
                Stream<Path> files = Files.walk(directory)) {
            archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path file : files.sorted().toList()) {
                if (Files.isRegularFile(file)) {
                    TarArchiveEntry entry = new TarArchiveEntry(
                            file.toFile(), directory.relativize(file).toString());
                    archive.putArchiveEntry(entry);
                    try (InputStream in = Files.newInputStream(file)) {
                        in.transferTo(archive);
                    }
                    archive.closeArchiveEntry();
                }
            }
        }
        return tar;
    }

    /**
     * One OCI layout holding several Jib-built single-platform images under an image index, as
     * {@code skopeo copy --all} or Docker 29's containerd store writes it: {@code index.json} points at the index blob,
     * which lists a manifest per platform and, with {@code attestations}, BuildKit's unknown/unknown attestation
     * manifests (annotated {@code vnd.docker.reference.type: attestation-manifest}).
     */
    public static Path ociIndexLayout(List<Path> ociArchives, Path directory, String name, boolean attestations)
            throws Exception {
        ArrayNode entries = MAPPER.createArrayNode();
        for (Path archive : ociArchives) {
            Path unpacked = extract(archive, Files.createTempDirectory(directory.getParent(), "part"));
            copyBlobs(unpacked, directory);
            ObjectNode top =
                    (ObjectNode) MAPPER.readTree(unpacked.resolve("index.json").toFile())
                            .path("manifests")
                            .get(0);
            String manifestDigest = top.path("digest").asText();
            ObjectNode manifest =
                    (ObjectNode) MAPPER.readTree(blob(directory, manifestDigest).toFile());
            ObjectNode config = (ObjectNode) MAPPER.readTree(
                    blob(directory, manifest.path("config").path("digest").asText())
                            .toFile());
            ObjectNode entry = entries.addObject();
            entry.put("mediaType", Descriptor.OCI_MANIFEST);
            entry.put("digest", manifestDigest);
            entry.put("size", top.path("size").asLong());
            entry.putObject("platform")
                    .put("architecture", config.path("architecture").asText())
                    .put("os", "linux");
            if (attestations) {
                ObjectNode attestation = entries.addObject();
                attestation.put("mediaType", Descriptor.OCI_MANIFEST);
                attestation.put("digest", manifestDigest);
                attestation.put("size", top.path("size").asLong());
                attestation.putObject("platform").put("architecture", "unknown").put("os", "unknown");
                attestation
                        .putObject("annotations")
                        .put("vnd.docker.reference.type", "attestation-manifest")
                        .put("vnd.docker.reference.digest", manifestDigest);
            }
        }
        ObjectNode index = MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", Descriptor.OCI_INDEX);
        index.set("manifests", entries);
        byte[] indexBytes = MAPPER.writeValueAsBytes(index);
        String indexDigest = "sha256:" + LayoutReader.sha256(indexBytes);
        Files.write(blob(directory, indexDigest), indexBytes);

        ObjectNode top = MAPPER.createObjectNode();
        top.put("schemaVersion", 2);
        top.put("mediaType", Descriptor.OCI_INDEX);
        ObjectNode entry = top.putArray("manifests").addObject();
        entry.put("mediaType", Descriptor.OCI_INDEX);
        entry.put("digest", indexDigest);
        entry.put("size", indexBytes.length);
        entry.putObject("annotations")
                .put("io.containerd.image.name", "docker.io/library/" + name)
                .put("org.opencontainers.image.ref.name", name.substring(name.indexOf(':') + 1));
        MAPPER.writeValue(directory.resolve("index.json").toFile(), top);
        Files.writeString(directory.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return directory;
    }

    /**
     * Docker 25+'s {@code docker save}: an OCI layout plus the legacy {@code manifest.json} whose Config and Layers
     * are blob paths. {@code configOf} chooses which platform manifest.json names (the daemon's own).
     */
    public static void addDockerManifestJson(Path layout, String name, String manifestDigest) throws IOException {
        ObjectNode manifest =
                (ObjectNode) MAPPER.readTree(blob(layout, manifestDigest).toFile());
        ArrayNode root = MAPPER.createArrayNode();
        ObjectNode image = root.addObject();
        image.put(
                "Config",
                "blobs/sha256/"
                        + manifest.path("config").path("digest").asText().substring(7));
        image.putArray("RepoTags").add(name);
        ArrayNode layers = image.putArray("Layers");
        manifest.path("layers")
                .forEach(l ->
                        layers.add("blobs/sha256/" + l.path("digest").asText().substring(7)));
        MAPPER.writeValue(layout.resolve("manifest.json").toFile(), root);
    }

    /** The digests of the platform manifests in a layout built by {@link #ociIndexLayout}. */
    public static List<String> manifestDigests(Path layout) throws IOException {
        String indexDigest = MAPPER.readTree(layout.resolve("index.json").toFile())
                .path("manifests")
                .get(0)
                .path("digest")
                .asText();
        List<String> digests = new ArrayList<>();
        MAPPER.readTree(blob(layout, indexDigest).toFile()).path("manifests").forEach(m -> {
            if (!"unknown".equals(m.path("platform").path("architecture").asText())) {
                digests.add(m.path("digest").asText());
            }
        });
        return digests;
    }

    public static Path blob(Path layout, String digest) throws IOException {
        Path path = layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
        Files.createDirectories(path.getParent());
        return path;
    }

    private static void copyBlobs(Path from, Path to) throws IOException {
        try (Stream<Path> blobs = Files.list(from.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                Path target =
                        to.resolve("blobs/sha256").resolve(blob.getFileName().toString());
                Files.createDirectories(target.getParent());
                if (!Files.exists(target)) {
                    Files.copy(blob, target);
                }
            }
        }
    }
}
