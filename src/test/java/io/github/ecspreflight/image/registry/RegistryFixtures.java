package io.github.ecspreflight.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import io.github.ecspreflight.image.Skopeo;
import io.github.ecspreflight.image.TestImages;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Images in the test registries, built by Jib core from scratch and pushed with skopeo ({@code --all} for indexes), once
 * per test run; repository names carry a run id so that runs never share one. And the registry's own request log,
 * parsed.
 */
final class RegistryFixtures {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** The bottom layer of {@link Pushed#layered}: random, so gzip cannot shrink it. */
    static final int BIG_LAYER_BYTES = 3 * 1024 * 1024;

    private static final Map<String, Pushed> PUSHED = new ConcurrentHashMap<>();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The pushed images, as {@code docker://} references.
     *
     * @param singleAmd64 a Docker v2.2 manifest (Jib's Docker format), linux/amd64
     * @param singleArm64Oci an OCI manifest (Jib's OCI format), linux/arm64
     * @param multi an OCI index with linux/amd64 and linux/arm64, and BuildKit-style attestation entries
     * @param armOnly an OCI index with linux/arm64 only
     * @param layered linux/amd64, two layers: a {@value #BIG_LAYER_BYTES}-byte file below, the entrypoint on top
     * @param privateAmd64 {@code singleAmd64} in the TLS registry that requires a password
     */
    record Pushed(
            String singleAmd64,
            String singleArm64Oci,
            String multi,
            String armOnly,
            String layered,
            String layeredRepository,
            String privateAmd64) {}

    private RegistryFixtures() {}

    static Pushed pushed(TestRegistries.Registries registries) {
        return PUSHED.computeIfAbsent(registries.open() + " " + registries.tls(), key -> {
            try {
                return push(registries);
            } catch (Exception e) {
                throw new IllegalStateException("cannot push the test images: " + e.getMessage(), e);
            }
        });
    }

    private static Pushed push(TestRegistries.Registries registries) throws Exception {
        Path work = Files.createTempDirectory("ecs-preflight-registry-images");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(work)));
        Path amdDocker = TestImages.dockerArchive(
                TestImages.scratch("amd64", work), work.resolve("amd-docker.tar"), "my-service:1.0");
        Path amdOci =
                TestImages.ociArchive(TestImages.scratch("amd64", work), work.resolve("amd-oci.tar"), "my-service:1.0");
        Path armOci =
                TestImages.ociArchive(TestImages.scratch("arm64", work), work.resolve("arm-oci.tar"), "my-service:1.0");
        Path multi = TestImages.ociIndexLayout(List.of(amdOci, armOci), work.resolve("multi"), "my-service:1.0", true);
        Path armOnly = TestImages.ociIndexLayout(List.of(armOci), work.resolve("arm-only"), "my-service:1.0", false);
        Path layered = TestImages.dockerArchive(layeredImage(work), work.resolve("layered.tar"), "my-service:1.0");

        String open = registries.open();
        String prefix = "docker://" + open + "/ecs-preflight/";
        String singleAmd64 = prefix + "single-amd64-" + RUN + ":1.0";
        String singleArm64Oci = prefix + "single-arm64-oci-" + RUN + ":1.0";
        String multiRef = prefix + "multi-" + RUN + ":1.0";
        String armOnlyRef = prefix + "arm-only-" + RUN + ":1.0";
        String layeredRepository = "ecs-preflight/layered-" + RUN;
        String layeredRef = "docker://" + open + "/" + layeredRepository + ":1.0";
        String privateAmd64 = "docker://" + registries.tls() + "/ecs-preflight/private-" + RUN + ":1.0";

        Skopeo.copy(work, "--dest-tls-verify=false", "docker-archive:" + amdDocker, singleAmd64);
        Skopeo.copy(work, "--dest-tls-verify=false", "oci-archive:" + armOci, singleArm64Oci);
        Skopeo.copy(work, "--all", "--dest-tls-verify=false", "oci:" + multi + ":1.0", multiRef);
        Skopeo.copy(work, "--all", "--dest-tls-verify=false", "oci:" + armOnly + ":1.0", armOnlyRef);
        Skopeo.copy(work, "--dest-tls-verify=false", "docker-archive:" + layered, layeredRef);
        Skopeo.copy(
                work,
                "--dest-tls-verify=false",
                "--dest-creds",
                registries.user() + ":" + registries.password(),
                "docker-archive:" + amdDocker,
                privateAmd64);
        return new Pushed(
                singleAmd64, singleArm64Oci, multiRef, armOnlyRef, layeredRef, layeredRepository, privateAmd64);
    }

    private static void deleteTree(Path directory) {
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    /** linux/amd64 from scratch: a big random file in the bottom layer, the static entrypoint alone in the top one. */
    private static JibContainerBuilder layeredImage(Path work) throws IOException {
        Path big = work.resolve("big.bin");
        byte[] bytes = new byte[BIG_LAYER_BYTES];
        new Random(42).nextBytes(bytes);
        Files.write(big, bytes);
        Path run = work.resolve("run-layered");
        Files.write(run, TestImages.staticBinary("amd64"));
        return Jib.fromScratch()
                .setPlatforms(Set.of(new Platform("amd64", "linux")))
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .setName("data")
                        .addEntry(
                                big, AbsoluteUnixPath.get("/opt/data/big.bin"), FilePermissions.fromOctalString("644"))
                        .build())
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .setName("app")
                        .addEntry(run, AbsoluteUnixPath.get("/app/run"), FilePermissions.fromOctalString("755"))
                        .build())
                .setEntrypoint("/app/run")
                .setEnvironment(Map.of("PATH", "/app:/usr/bin:/bin"));
    }

    /** One request as the registry logged it ("response completed"). */
    record Request(String method, String uri, int status, long written, String userAgent) {
        boolean isBlob() {
            return uri.contains("/blobs/");
        }

        boolean isManifest() {
            return uri.contains("/manifests/");
        }
    }

    /** Reads a registry's JSON log from a position; {@link #mark()} the position before the requests to look at. */
    static final class RegistryLog {
        private final Path file;
        private final String address;

        RegistryLog(Path file, String address) {
            this.file = file;
            this.address = address;
        }

        long mark() throws IOException {
            return Files.size(file);
        }

        /**
         * The requests logged since {@code mark}, once a marker request sent now has been logged too (the registry
         * logs each request as it completes, so the requests before it are there by then).
         */
        List<Request> since(long mark) throws Exception {
            String marker = "/v2/?ecs-preflight-marker=" + UUID.randomUUID();
            HttpURLConnection connection = (HttpURLConnection)
                    URI.create("http://" + address + marker).toURL().openConnection();
            assertThat(connection.getResponseCode()).isEqualTo(200);
            connection.disconnect();
            for (int attempt = 0; attempt < 100; attempt++) {
                List<Request> requests = read(mark);
                if (requests.stream().anyMatch(r -> r.uri().equals(marker))) {
                    Thread.sleep(100);
                    return read(mark).stream()
                            .filter(r -> !r.uri().startsWith("/v2/?ecs-preflight-marker="))
                            .toList();
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the registry did not log the marker request " + marker + " in " + file);
        }

        private List<Request> read(long mark) throws IOException {
            byte[] all = Files.readAllBytes(file);
            String text = new String(
                    all,
                    (int) Math.min(mark, all.length),
                    all.length - (int) Math.min(mark, all.length),
                    StandardCharsets.UTF_8);
            List<Request> requests = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode entry;
                try {
                    entry = MAPPER.readTree(line);
                } catch (IOException partial) {
                    continue; // a line still being written
                }
                if (entry.path("msg").asText("").startsWith("response completed")) {
                    requests.add(new Request(
                            entry.path("http.request.method").asText(),
                            entry.path("http.request.uri").asText(),
                            entry.path("http.response.status").asInt(),
                            entry.path("http.response.written").asLong(),
                            entry.path("http.request.useragent").asText()));
                }
            }
            return requests;
        }
    }
}
