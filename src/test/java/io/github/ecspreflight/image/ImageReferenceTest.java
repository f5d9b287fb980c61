package io.github.ecspreflight.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ImageReference.Transport;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    @Test
    void splitsArchivePathFromAReferenceThatHasItsOwnColon() throws Exception {
        ImageReference reference = ImageReference.parse("docker-archive:target/app.tar:my-service:1.0");
        assertThat(reference.transport()).isEqualTo(Transport.DOCKER_ARCHIVE);
        assertThat(reference.location()).isEqualTo("target/app.tar");
        assertThat(reference.ref()).isEqualTo("my-service:1.0");
        assertThat(reference).hasToString("docker-archive:target/app.tar:my-service:1.0");
    }

    @Test
    void readsEveryTransport() throws Exception {
        assertThat(ImageReference.parse("oci:build/layout").ref()).isNull();
        assertThat(ImageReference.parse("oci:build/layout:v2").ref()).isEqualTo("v2");
        assertThat(ImageReference.parse("oci-archive:app.tar").transport()).isEqualTo(Transport.OCI_ARCHIVE);
        ImageReference registry = ImageReference.parse("docker://localhost:5000/team/app:1.0");
        assertThat(registry.transport()).isEqualTo(Transport.DOCKER);
        assertThat(registry.location()).isEqualTo("localhost:5000/team/app:1.0");
        assertThat(ImageReference.parse("docker-daemon:app:latest").location()).isEqualTo("app:latest");
    }

    @Test
    void unknownTransportIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> ImageReference.parse("podman:app"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("image 'podman:app': unknown transport 'podman:'; use one of oci:, oci-archive:, "
                        + "docker-archive:, docker://, docker-daemon:");
    }

    @Test
    void aBarePathAsksForATransport() {
        assertThatThrownBy(() -> ImageReference.parse("target/jib-image.tar"))
                .hasMessageContaining("no transport")
                .hasMessageContaining("docker-archive:target/jib-image.tar");
    }

    @Test
    void emptyAndMalformedReferencesAreRefused() {
        assertThatThrownBy(() -> ImageReference.parse(" ")).hasMessageContaining("ecsPreflight.image");
        assertThatThrownBy(() -> ImageReference.parse("docker:app")).hasMessageContaining("docker://HOST/REPO");
        assertThatThrownBy(() -> ImageReference.parse("oci-archive:"))
                .hasMessageContaining("nothing after the transport");
    }
}
