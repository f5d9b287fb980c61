package io.github.ecspreflight.image;

import io.github.ecspreflight.common.PreflightException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An image reference as skopeo writes it: {@code TRANSPORT:LOCATION[:REF]}.
 *
 * @param location a path for the layout and archive transports; {@code HOST/REPO[:TAG][@DIGEST]} for
 *     {@code docker://}; {@code NAME[:TAG]} for {@code docker-daemon:}
 * @param ref the image inside a layout or archive that holds several (null when not given)
 */
public record ImageReference(Transport transport, String location, String ref) {

    /** The transports of skopeo's image references that this plugin reads. */
    public enum Transport {
        OCI("oci"),
        OCI_ARCHIVE("oci-archive"),
        DOCKER_ARCHIVE("docker-archive"),
        DOCKER("docker"),
        DOCKER_DAEMON("docker-daemon");

        private final String prefix;

        Transport(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    private static final String KNOWN = Arrays.stream(Transport.values())
            .map(t -> t == Transport.DOCKER ? "docker://" : t.prefix() + ":")
            .collect(Collectors.joining(", "));

    /** Parses a reference; the message of a bad one names the parameter, the value and what would be right. */
    public static ImageReference parse(String text) throws PreflightException {
        if (text == null || text.isBlank()) {
            throw new PreflightException("image: no image reference given; set ecsPreflight.image, e.g. "
                    + "docker-archive:target/jib-image.tar");
        }
        String value = text.trim();
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new PreflightException("image '" + value + "': no transport; write it as skopeo does, e.g. "
                    + "docker-archive:" + value + " (one of " + KNOWN + ")");
        }
        String prefix = value.substring(0, colon);
        String rest = value.substring(colon + 1);
        Transport transport = Arrays.stream(Transport.values())
                .filter(t -> t.prefix().equals(prefix))
                .findFirst()
                .orElseThrow(() -> new PreflightException(
                        "image '" + value + "': unknown transport '" + prefix + ":'; use one of " + KNOWN));
        return switch (transport) {
            case DOCKER -> {
                if (!rest.startsWith("//") || rest.length() == 2) {
                    throw new PreflightException(
                            "image '" + value + "': a registry image is written docker://HOST/REPO[:TAG][@DIGEST]");
                }
                yield new ImageReference(transport, rest.substring(2), null);
            }
            case DOCKER_DAEMON -> {
                requireNonEmpty(value, rest);
                yield new ImageReference(transport, rest, null);
            }
            default -> {
                // skopeo splits at the first colon after the transport: the path cannot hold one, the ref may
                // (docker-archive:app.tar:my-service:1.0).
                int split = rest.indexOf(':');
                String path = split < 0 ? rest : rest.substring(0, split);
                String ref = split < 0 || split == rest.length() - 1 ? null : rest.substring(split + 1);
                requireNonEmpty(value, path);
                yield new ImageReference(transport, path, ref);
            }
        };
    }

    private static void requireNonEmpty(String value, String part) throws PreflightException {
        if (part.isBlank()) {
            throw new PreflightException("image '" + value + "': nothing after the transport");
        }
    }

    public boolean isLocalFile() {
        return transport == Transport.OCI
                || transport == Transport.OCI_ARCHIVE
                || transport == Transport.DOCKER_ARCHIVE;
    }

    @Override
    public String toString() {
        return switch (transport) {
            case DOCKER -> "docker://" + location;
            case DOCKER_DAEMON -> "docker-daemon:" + location;
            default -> transport.prefix() + ":" + location + (ref == null ? "" : ":" + ref);
        };
    }
}
