package io.github.ecspreflight.check;

/** What built the image, so that a fix can be given in that tool's own terms. */
public enum ImageBuilder {
    JIB,
    SPRING_BOOT,
    FABRIC8,
    /** Docker, buildx, or anything not recognised: fixes use {@code docker buildx}. */
    DOCKER
}
