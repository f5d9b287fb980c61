package io.github.ecspreflight.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ImageReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How Docker's config.json is read, and how registry references are taken apart; no registry needed. */
class DockerConfigCredentialsTest {

    @TempDir
    Path work;

    private DockerConfigCredentials config(String json, Map<String, String> env) throws Exception {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), json);
        return new DockerConfigCredentials(new SourceEnvironment(env, home, work.resolve("cache"), "docker"));
    }

    private static String auth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dockerHubIsOneRegistryUnderAllItsNames() throws Exception {
        DockerConfigCredentials config = config(
                "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("hubuser", "hubpass") + "\"}}}",
                Map.of());
        for (String host : List.of("docker.io", "registry-1.docker.io", "index.docker.io")) {
            RegistryCredentials.Found found =
                    config.find(host, new ArrayList<>()).orElseThrow();
            assertThat(found.credential().username()).isEqualTo("hubuser");
            assertThat(found.source()).endsWith("config.json auths");
        }
        assertThat(config.find("ghcr.io", new ArrayList<>())).isEmpty();
    }

    @Test
    void usernameAndPasswordFieldsAndIdentityTokensAreReadToo() throws Exception {
        DockerConfigCredentials config = config(
                "{\"auths\":{"
                        + "\"a.example\":{\"username\":\"alice\",\"password\":\"pw\"},"
                        + "\"b.example:5000\":{\"auth\":\"" + auth("00000000-0000-0000-0000-000000000000", "")
                        + "\",\"identitytoken\":\"refresh-token\"}}}",
                Map.of());
        assertThat(config.find("a.example", new ArrayList<>())
                        .orElseThrow()
                        .credential()
                        .secret())
                .isEqualTo("pw");
        RegistryCredentials.Found token =
                config.find("b.example:5000", new ArrayList<>()).orElseThrow();
        assertThat(token.credential().username()).isEqualTo("<token>");
        assertThat(token.credential().secret()).isEqualTo("refresh-token");
    }

    @Test
    void aCredsStoreHelperThatIsNotInstalledFallsBackToAuthsAndSaysSo() throws Exception {
        DockerConfigCredentials config = config(
                "{\"credsStore\":\"not-installed\",\"auths\":{\"r.example\":{\"auth\":\"" + auth("u", "p") + "\"}}}",
                Map.of("PATH", work.toString()));
        List<String> tried = new ArrayList<>();
        assertThat(config.find("r.example", tried).orElseThrow().credential().username())
                .isEqualTo("u");
        assertThat(tried)
                .anySatisfy(
                        t -> assertThat(t)
                                .endsWith(
                                        "credsStore docker-credential-not-installed (docker-credential-not-installed is not on PATH)"));
    }

    @Test
    void aHelperWithoutACredentialForTheHostIsNoCredential() throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path helper = bin.resolve("docker-credential-empty");
        Files.writeString(helper, "#!/bin/sh\necho 'credentials not found in native keychain'\nexit 1\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        DockerConfigCredentials config =
                config("{\"credHelpers\":{\"r.example\":\"empty\"}}", Map.of("PATH", bin.toString()));
        List<String> tried = new ArrayList<>();
        assertThat(config.find("r.example", tried)).isEmpty();
        assertThat(tried).anySatisfy(t -> assertThat(t).endsWith("(no credential for r.example)"));
    }

    @Test
    void dockerConfigNamesTheDirectory() throws Exception {
        Path directory = Files.createDirectories(work.resolve("elsewhere"));
        Files.writeString(
                directory.resolve("config.json"), "{\"auths\":{\"r.example\":{\"auth\":\"" + auth("x", "y") + "\"}}}");
        DockerConfigCredentials config = new DockerConfigCredentials(new SourceEnvironment(
                Map.of("DOCKER_CONFIG", directory.toString()),
                work.resolve("no-home"),
                work.resolve("cache"),
                "docker"));
        assertThat(config.configFile()).isEqualTo(directory.resolve("config.json"));
        assertThat(config.find("r.example", new ArrayList<>())).isPresent();
    }

    @Test
    void aConfigThatIsNotJsonIsAOneLineError() throws Exception {
        DockerConfigCredentials config = config("{\"auths\": {", Map.of());
        assertThatThrownBy(() -> config.find("r.example", new ArrayList<>()))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith(
                        "Docker config " + work.resolve("home/.docker/config.json") + ": not valid JSON (");
    }

    @Test
    void registryReferencesAreTakenApartAsDockerDoes() throws Exception {
        RegistryTarget local = RegistryTarget.parse(ImageReference.parse("docker://localhost:5000/team/app:1.0"));
        assertThat(local)
                .isEqualTo(new RegistryTarget(
                        "localhost:5000", "localhost:5000", "team/app", "1.0", "localhost:5000/team/app:1.0"));
        RegistryTarget hub = RegistryTarget.parse(ImageReference.parse("docker://docker.io/nginx"));
        assertThat(hub.host()).isEqualTo("docker.io");
        assertThat(hub.registry()).isEqualTo("registry-1.docker.io");
        assertThat(hub.repository()).isEqualTo("library/nginx");
        assertThat(hub.qualifier()).isEqualTo("latest");
        String digest = "sha256:" + "a".repeat(64);
        RegistryTarget pinned = RegistryTarget.parse(ImageReference.parse("docker://ghcr.io/o/app:1.0@" + digest));
        assertThat(pinned.qualifier()).isEqualTo(digest);
        assertThat(pinned.byDigest()).isTrue();
        assertThat(pinned.displayName()).isEqualTo("ghcr.io/o/app:1.0@" + digest);
        assertThatThrownBy(() -> RegistryTarget.parse(ImageReference.parse("docker://ghcr.io/Team/App")))
                .isInstanceOf(PreflightException.class)
                .hasMessage("image docker://ghcr.io/Team/App: not a registry image reference; write it as "
                        + "docker://HOST/REPO[:TAG][@DIGEST] with a lower-case repository");
    }

    @Test
    void aFoundCredentialNeverPrintsItsSecret() {
        RegistryCredentials.Found found = new RegistryCredentials.Found(
                new io.github.ecspreflight.image.RegistryAccess.Credential("u", "top-secret"), "somewhere");
        assertThat(found.toString()).doesNotContain("top-secret");
        assertThat(Optional.of(found).toString()).doesNotContain("top-secret");
    }

    @Test
    void aReferenceThatNamesOnlyARegistryIsRefusedNeverSentToDockerHub() throws Exception {
        for (String registryOnly : java.util.List.of(
                "docker://127.0.0.1:5443",
                "docker://localhost:5000",
                "docker://localhost",
                "docker://registry.example.com:5000")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> RegistryTarget.parse(ImageReference.parse(registryOnly)))
                    .isInstanceOf(io.github.ecspreflight.common.PreflightException.class)
                    .hasMessageContaining("but no repository");
        }
        // a Docker Hub name with a numeric tag is still an image
        assertThat(RegistryTarget.parse(ImageReference.parse("docker://nginx:5000"))
                        .repository())
                .isEqualTo("library/nginx");
    }
}
