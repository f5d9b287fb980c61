package io.github.ecspreflight.image;

/**
 * An OCI content descriptor: what a manifest or index points at.
 *
 * @param platform the platform an index entry claims; null when the entry does not say (a nested index, or a
 *     single manifest that must be judged by its config)
 * @param path where the blob lies inside an archive; set for Docker's {@code manifest.json}, which addresses
 *     configs and layers by path, null where content is addressed by digest
 */
public record Descriptor(String mediaType, String digest, long size, Platform platform, String path) {

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    public boolean isIndex() {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    /** {@code blobs/sha256/HEX} as OCI layouts and Docker 25+ archives store blobs. */
    public String blobPath() {
        if (path != null) {
            return path;
        }
        int colon = digest.indexOf(':');
        return "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1);
    }
}
