package io.github.ecspreflight.image.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.Platform;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.Skopeo;
import io.github.ecspreflight.image.TestImages;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every layout a build leaves, each made by Jib core (or assembled from Jib's blobs where no engine runs here). */
class ImageOpenerTest {

    @TempDir
    static Path work;

    static Path armDockerTar;
    static Path amdOciTar;
    static Path armOciTar;

    @BeforeAll
    static void buildImages() throws Exception {
        armDockerTar = TestImages.dockerArchive(
                TestImages.scratch("arm64", work), work.resolve("arm-docker.tar"), "my-service:1.0");
        amdOciTar =
                TestImages.ociArchive(TestImages.scratch("amd64", work), work.resolve("amd-oci.tar"), "my-service:1.0");
        armOciTar =
                TestImages.ociArchive(TestImages.scratch("arm64", work), work.resolve("arm-oci.tar"), "my-service:1.0");
    }

    private static Image open(String reference) throws PreflightException {
        return new ImageOpener(work, RegistryAccess.defaults()).open(ImageReference.parse(reference));
    }

    @Test
    void jibDockerTarIsASingleManifestJudgedByItsConfig() throws Exception {
        try (Image image = open("docker-archive:arm-docker.tar")) {
            assertThat(image.isIndex()).isFalse();
            assertThat(image.platforms()).containsExactly(Platform.LINUX_ARM64);
            assertThat(image.repository()).hasValue("my-service");
            assertThat(image.digest()).startsWith("sha256:").hasSize(71);
            ImageManifest manifest = image.manifest(image.entries().get(0));
            assertThat(manifest.config().entrypoint()).containsExactly("/app/run");
            assertThat(manifest.layers()).hasSize(1);
        }
    }

    @Test
    void aTagSelectsTheImageAndAWrongTagListsWhatIsThere() throws Exception {
        try (Image image = open("docker-archive:arm-docker.tar:my-service:1.0")) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_ARM64);
        }
        assertThatThrownBy(() -> open("docker-archive:arm-docker.tar:other:2"))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "image docker-archive:arm-docker.tar:other:2: no image tagged 'other:2'; it holds my-service:1.0");
    }

    @Test
    void jibOciTarAndItsExtractedLayoutReadTheSame() throws Exception {
        Path layout = TestImages.extract(amdOciTar, work.resolve("amd-layout"));
        for (String reference : List.of("oci-archive:amd-oci.tar", "oci:amd-layout")) {
            try (Image image = open(reference)) {
                assertThat(image.platforms()).as(reference).containsExactly(Platform.LINUX_AMD64);
                assertThat(image.isIndex()).isFalse();
                assertThat(image.manifest(image.entries().get(0)).config().platform())
                        .isEqualTo(Platform.LINUX_AMD64);
            }
        }
        assertThat(layout.resolve("index.json")).exists();
    }

    @Test
    void skopeoLayoutsOfAJibImageReadTheSame() throws Exception {
        Skopeo.requireInstalled();
        Skopeo.copy(work, "docker-archive:arm-docker.tar", "oci:skopeo-layout:1.0");
        Skopeo.copy(work, "docker-archive:arm-docker.tar", "oci-archive:skopeo-oci.tar:my-service:1.0");
        Skopeo.copy(work, "oci:skopeo-layout:1.0", "docker-archive:skopeo-docker.tar:my-service:1.0");
        for (String reference : List.of(
                "oci:skopeo-layout:1.0",
                "oci:skopeo-layout",
                "oci-archive:skopeo-oci.tar",
                "docker-archive:skopeo-docker.tar",
                "docker-archive:skopeo-docker.tar:my-service:1.0")) {
            try (Image image = open(reference)) {
                assertThat(image.platforms()).as(reference).containsExactly(Platform.LINUX_ARM64);
                assertThat(image.manifest(image.entries().get(0)).config().entrypoint())
                        .as(reference)
                        .containsExactly("/app/run");
            }
        }
        assertThatThrownBy(() -> open("oci:skopeo-layout:2.0"))
                .hasMessage("image oci:skopeo-layout:2.0: no image named '2.0'; it holds 1.0");
    }

    @Test
    void anIndexListsItsPlatformsWithoutAttestations() throws Exception {
        Path layout =
                TestImages.ociIndexLayout(List.of(amdOciTar, armOciTar), work.resolve("multi"), "my-service:1.0", true);
        try (Image image = open("oci:multi")) {
            assertThat(image.isIndex()).isTrue();
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
            assertThat(image.repository()).hasValue("docker.io/library/my-service");
            Descriptor arm = image.entryFor(Platform.of("linux", "aarch64")).orElseThrow();
            assertThat(image.manifest(arm).config().platform()).isEqualTo(Platform.LINUX_ARM64);
        }
        assertThat(TestImages.manifestDigests(layout)).hasSize(2);
    }

    @Test
    void docker25ArchiveWithManifestJsonBesideTheOciLayout() throws Exception {
        Path layout = TestImages.extract(armOciTar, work.resolve("docker25"));
        String manifestDigest = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(layout.resolve("index.json").toFile())
                .path("manifests")
                .get(0)
                .path("digest")
                .asText();
        TestImages.addDockerManifestJson(layout, "my-service:1.0", manifestDigest);
        TestImages.pack(layout, work.resolve("docker25.tar"));
        try (Image image = open("docker-archive:docker25.tar")) {
            assertThat(image.isIndex()).isFalse();
            assertThat(image.platforms()).containsExactly(Platform.LINUX_ARM64);
            assertThat(image.repository()).hasValue("my-service");
        }
    }

    @Test
    void docker29ExportUsesTheNestedIndexAndSkipsPlatformsItDoesNotHold() throws Exception {
        Path layout = TestImages.ociIndexLayout(
                List.of(amdOciTar, armOciTar), work.resolve("docker29"), "my-service:1.0", true);
        List<String> manifests = TestImages.manifestDigests(layout);
        TestImages.addDockerManifestJson(layout, "my-service:1.0", manifests.get(1));
        TestImages.pack(layout, work.resolve("docker29.tar"));
        try (Image image = open("docker-archive:docker29.tar")) {
            assertThat(image.isIndex()).isTrue();
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
        }
    }

    @Test
    void aWholeFileGzipArchiveIsStreamed() throws Exception {
        Path gz = work.resolve("arm-docker.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(armDockerTar, out);
        }
        try (Image image = open("docker-archive:arm-docker.tar.gz")) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_ARM64);
            try (var layer = image.openLayer(
                    image.manifest(image.entries().get(0)).layers().get(0))) {
                assertThat(layer.readAllBytes()).isNotEmpty();
            }
        }
    }

    @Test
    void aTruncatedArchiveIsOneLineNamingTheImage() throws Exception {
        Path truncated = work.resolve("truncated.tar");
        Files.copy(armDockerTar, truncated);
        try (FileChannel channel = FileChannel.open(truncated, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(armDockerTar) / 2);
        }
        assertThatThrownBy(() -> open("docker-archive:truncated.tar"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image docker-archive:truncated.tar: ")
                .hasMessageContaining("truncated")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anArchiveCutBetweenTwoEntriesIsTruncatedNotMerelyIncomplete() throws Exception {
        // Cut right after the first entry's data: every header TarFile sees is whole, the end-of-archive blocks are
        // gone.
        Path cut = work.resolve("cut-between.tar");
        long firstEntryEnd;
        try (var tar = new org.apache.commons.compress.archivers.tar.TarFile(armDockerTar)) {
            var first = tar.getEntries().get(0);
            firstEntryEnd = first.getDataOffset() + (first.getSize() + 511) / 512 * 512;
        }
        Files.copy(armDockerTar, cut);
        try (FileChannel channel = FileChannel.open(cut, StandardOpenOption.WRITE)) {
            channel.truncate(firstEntryEnd);
        }
        assertThatThrownBy(() -> open("docker-archive:cut-between.tar"))
                .hasMessageStartingWith("image docker-archive:cut-between.tar: truncated archive: it ends after ");
    }

    @Test
    void aGzipArchiveCutBetweenTwoEntriesIsTruncatedAsTheSameTarUncompressedIs() throws Exception {
        // docker save | gzip that died between two entries: each entry whole, the end-of-archive blocks gone
        long firstEntryEnd;
        try (var tar = new org.apache.commons.compress.archivers.tar.TarFile(armDockerTar)) {
            var first = tar.getEntries().get(0);
            firstEntryEnd = first.getDataOffset() + (first.getSize() + 511) / 512 * 512;
        }
        byte[] whole = Files.readAllBytes(armDockerTar);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(work.resolve("cut-between.tar.gz")))) {
            out.write(whole, 0, (int) firstEntryEnd);
        }

        assertThatThrownBy(() -> open("docker-archive:cut-between.tar.gz"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image docker-archive:cut-between.tar.gz: truncated archive: it ends after ");
    }

    @Test
    void aGzipArchiveOfManySmallFilesIsReadWithinItsMemoryBudget() throws Exception {
        // 48 MiB of 1 MiB zero files before the image's own entries: more than is ever kept in memory (32 MiB), so the
        // manifest and config behind them are read by streaming the archive again
        Path bomb = work.resolve("small-files.tar.gz");
        byte[] zeros = new byte[1024 * 1024];
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                        new GZIPOutputStream(Files.newOutputStream(bomb)));
                var original = new org.apache.commons.compress.archivers.tar.TarFile(armDockerTar)) {
            for (int i = 0; i < 48; i++) {
                var filler = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("filler/" + i);
                filler.setSize(zeros.length);
                tar.putArchiveEntry(filler);
                tar.write(zeros);
                tar.closeArchiveEntry();
            }
            for (var entry : original.getEntries()) {
                tar.putArchiveEntry(entry);
                try (var in = original.getInputStream(entry)) {
                    in.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
        }

        try (Image image = open("docker-archive:small-files.tar.gz")) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_ARM64);
            assertThat(image.manifest(image.entries().get(0)).config().platform())
                    .isEqualTo(Platform.LINUX_ARM64);
        }
    }

    @Test
    void aTruncatedGzipArchiveIsOneLine() throws Exception {
        Path gz = work.resolve("cut.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(armDockerTar, out);
        }
        try (FileChannel channel = FileChannel.open(gz, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(gz) - 40);
        }
        assertThatThrownBy(() -> open("docker-archive:cut.tar.gz"))
                .hasMessageStartingWith("image docker-archive:cut.tar.gz: truncated or corrupt gzip archive")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // a safety net: reading a FIFO would block for ever
    void aFifoWhereAnArchiveOrALayerShouldBeIsRefusedNotRead() throws Exception {
        io.github.ecspreflight.TestResources.fifo(work.resolve("fifo.tar"));

        assertThatThrownBy(() -> open("docker-archive:fifo.tar"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image docker-archive:fifo.tar: not a regular file");
    }

    /** A hand-written OCI layout: index.json, and a manifest and config of any shape, stored by their digests. */
    private static Path layout(String name, String indexManifests, String configJson) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
        Files.createDirectories(dir.resolve("blobs/sha256"));
        String config = blob(dir, configJson);
        String manifest = blob(
                dir,
                "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\","
                        + " \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \""
                        + config
                        + "\", \"size\": " + configJson.length() + "}, \"layers\": []}");
        String manifests = indexManifests != null
                ? indexManifests
                : "[{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \"" + manifest
                        + "\", \"size\": 100}]";
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\": 2, \"manifests\": " + manifests + "}");
        return dir;
    }

    private static String blob(Path dir, String json) throws Exception {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String hex = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        Files.write(dir.resolve("blobs/sha256/" + hex), bytes);
        return "sha256:" + hex;
    }

    @Test
    void metadataOfTheWrongTypeIsRefusedNamingTheFieldNeverReadAsSomethingElse() throws Exception {
        String good = "{\"os\": \"linux\", \"architecture\": \"amd64\", \"config\": {\"Entrypoint\": [\"/app\"]}}";
        layout("good", null, good);
        try (Image image = open("oci:good")) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
        }

        layout("manifests-object", "{\"a\": {}}", good);
        assertThatThrownBy(() -> open("oci:manifests-object"))
                .hasMessageContaining("manifests must be an array, found an object");

        layout("architecture-number", null, "{\"os\": \"linux\", \"architecture\": 5}");
        assertThatThrownBy(() -> open("oci:architecture-number"))
                .hasMessageContaining("architecture must be a string, found a number");

        layout(
                "entrypoint-null",
                null,
                "{\"os\": \"linux\", \"architecture\": \"amd64\", \"config\": {\"Entrypoint\": [null]}}");
        assertThatThrownBy(() -> open("oci:entrypoint-null"))
                .hasMessageContaining("Entrypoint must hold strings only, found null");

        layout("layers-string", null, good);
        Path dir = work.resolve("layers-string");
        String manifest = blob(
                dir,
                "{\"schemaVersion\": 2, \"config\": {\"digest\": \"" + blob(dir, good)
                        + "\", \"size\": 1}, \"layers\": \"oops\"}");
        Files.writeString(
                dir.resolve("index.json"),
                "{\"schemaVersion\": 2, \"manifests\": [{\"mediaType\": "
                        + "\"application/vnd.oci.image.manifest.v1+json\", \"digest\": \"" + manifest
                        + "\", \"size\": 1}]}");
        assertThatThrownBy(() -> {
                    try (Image image = open("oci:layers-string")) {
                        image.manifest(image.entries().get(0));
                    }
                })
                .hasMessageContaining("layers must be an array, found a string");
    }

    @Test
    void aConfigEditedInPlaceIsRefusedForItsDigestNotJudgedAsItStands() throws Exception {
        String amd64 = "{\"os\": \"linux\", \"architecture\": \"amd64\"}";
        Path dir = layout("tampered", null, amd64);
        String hex = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(amd64.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        // an arm64 image whose config was edited to claim amd64 (or the other way round) must not pass
        Files.writeString(dir.resolve("blobs/sha256/" + hex), "{\"os\": \"linux\", \"architecture\": \"arm64\"}");

        assertThatThrownBy(() -> {
                    try (Image image = open("oci:tampered")) {
                        image.manifest(image.entries().get(0));
                    }
                })
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("config sha256:" + hex)
                .hasMessageContaining("the layout was altered or is corrupt");
    }

    @Test
    void indexesThatNameEachOtherOverAndOverAreExpandedOnceEach() throws Exception {
        Path dir = layout("fan-out", null, "{\"os\": \"linux\", \"architecture\": \"amd64\"}");
        JsonNodeText index = JsonNodeText.of(Files.readString(dir.resolve("index.json")));
        String manifestEntry = index.firstManifest();
        // three nested indexes of 200 entries, each naming the one below 200 times: 8 million paths, one manifest
        String below = "[" + String.join(", ", java.util.Collections.nCopies(200, manifestEntry)) + "]";
        String entry = null;
        for (int level = 0; level < 3; level++) {
            String digest = blob(
                    dir,
                    "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", "
                            + "\"manifests\": " + below + "}");
            entry = "{\"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"digest\": \"" + digest
                    + "\", \"size\": 1}";
            below = "[" + String.join(", ", java.util.Collections.nCopies(200, entry)) + "]";
        }
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\": 2, \"manifests\": [" + entry + "]}");

        try (Image image = open("oci:fan-out")) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
        }
    }

    @Test
    void anIndexOfMoreManifestsThanAnyRealImageIsRefused() throws Exception {
        Path dir = layout("wide", null, "{\"os\": \"linux\", \"architecture\": \"amd64\"}");
        StringBuilder entries = new StringBuilder("[");
        for (int i = 0; i < 1_001; i++) {
            entries.append(i == 0 ? "" : ", ")
                    .append("{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", "
                            + "\"digest\": \"sha256:")
                    .append(String.format("%064x", i))
                    .append("\", \"size\": 1, " + "\"platform\": {\"os\": \"linux\", \"architecture\": \"amd64\"}}");
        }
        String nested = blob(
                dir,
                "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", "
                        + "\"manifests\": " + entries + "]}");
        Files.writeString(
                dir.resolve("index.json"),
                "{\"schemaVersion\": 2, \"manifests\": [{\"mediaType\": "
                        + "\"application/vnd.oci.image.index.v1+json\", \"digest\": \"" + nested
                        + "\", \"size\": 1}]}");

        assertThatThrownBy(() -> open("oci:wide"))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("more than 1000 manifests");
    }

    /** The first manifest descriptor of an index.json, as JSON text. */
    private record JsonNodeText(com.fasterxml.jackson.databind.JsonNode node) {
        static JsonNodeText of(String json) throws Exception {
            return new JsonNodeText(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
        }

        String firstManifest() {
            return node.get("manifests").get(0).toString();
        }
    }

    @Test
    void missingFilesAndNonImagesAreNamed() throws Exception {
        assertThatThrownBy(() -> open("oci-archive:nope.tar"))
                .hasMessage("image oci-archive:nope.tar: no such file or directory");
        Files.writeString(work.resolve("text.tar"), "this is not a tar archive at all, just some text in a file");
        assertThatThrownBy(() -> open("docker-archive:text.tar"))
                .hasMessageStartingWith("image docker-archive:text.tar: ");
        assertThatThrownBy(() -> open("oci-archive:arm-docker.tar"))
                .hasMessage("image oci-archive:arm-docker.tar: not an OCI image layout (no index.json)");
    }

    @Test
    void corruptManifestJsonIsASyntaxErrorNamingTheFile() throws Exception {
        Path layout = TestImages.extract(armDockerTar, work.resolve("corrupt"));
        Files.writeString(layout.resolve("manifest.json"), "[{\"Config\": ");
        assertThatThrownBy(() -> open("docker-archive:corrupt"))
                .hasMessageStartingWith("image docker-archive:corrupt manifest.json: not valid JSON");
    }
}
