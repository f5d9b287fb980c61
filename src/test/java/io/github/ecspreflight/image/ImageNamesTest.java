package io.github.ecspreflight.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageNamesTest {

    @Test
    void dropsTagAndDigestButNotARegistryPort() {
        assertThat(ImageNames.withoutTagOrDigest("localhost:5000/team/app:1.0@sha256:abc"))
                .isEqualTo("localhost:5000/team/app");
        assertThat(ImageNames.withoutTagOrDigest("localhost:5000/team/app")).isEqualTo("localhost:5000/team/app");
        assertThat(ImageNames.withoutTagOrDigest("app")).isEqualTo("app");
    }

    @Test
    void repositoryPathLeavesOutRegistryHostAndLibrary() {
        assertThat(ImageNames.repositoryPath("123456789012.dkr.ecr.eu-west-1.amazonaws.com/Team/App:1.2"))
                .isEqualTo("team/app");
        assertThat(ImageNames.repositoryPath("docker.io/library/nginx:1.27")).isEqualTo("nginx");
        assertThat(ImageNames.repositoryPath("team/app")).isEqualTo("team/app");
    }

    @Test
    void sameRepositoryAcrossRegistriesAndNamespaces() {
        assertThat(ImageNames.sameRepository(
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0", "my-service"))
                .isTrue();
        assertThat(ImageNames.sameRepository("ghcr.io/acme/my-service@sha256:abc", "localhost:5000/acme/my-service"))
                .isTrue();
        assertThat(ImageNames.sameRepository("ghcr.io/acme/other:1", "my-service"))
                .isFalse();
        assertThat(ImageNames.sameRepository(null, "my-service")).isFalse();
    }

    @Test
    void canonicalIsDockersFullForm() {
        assertThat(ImageNames.canonical("app")).isEqualTo("docker.io/library/app:latest");
        assertThat(ImageNames.canonical("team/app:1")).isEqualTo("docker.io/team/app:1");
        assertThat(ImageNames.canonical("localhost:5000/app")).isEqualTo("localhost:5000/app:latest");
    }
}
