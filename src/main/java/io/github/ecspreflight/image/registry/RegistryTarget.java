package io.github.ecspreflight.image.registry;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ImageReference;

/**
 * Where a {@code docker://HOST/REPO[:TAG][@DIGEST]} image lives, parsed by jib-core's image reference rules.
 *
 * @param host the registry host as the reference spells it ({@code 127.0.0.1:5443}, {@code docker.io}): the id of the
 *     settings.xml server, the key in Docker's config.json
 * @param registry the host requests go to ({@code registry-1.docker.io} for {@code docker.io})
 * @param repository {@code team/app}; {@code library/app} on Docker Hub
 * @param qualifier the digest when given, else the tag ({@code latest} when neither is)
 * @param displayName {@code HOST/REPO:TAG} or {@code HOST/REPO@DIGEST}, the image's name in messages and reports
 */
record RegistryTarget(String host, String registry, String repository, String qualifier, String displayName) {

    /**
     * A name that can only be a registry: {@code localhost} or an IPv4 address, with or without a port, or a dotted
     * host with a numeric port. Docker would read it as a Docker Hub repository, which is never what was meant.
     */
    private static final java.util.regex.Pattern REGISTRY_ONLY = java.util.regex.Pattern.compile(
            "(?:localhost|\\d{1,3}(?:\\.\\d{1,3}){3})(?::\\d+)?|[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+:\\d+");

    static RegistryTarget parse(ImageReference reference) throws PreflightException {
        String location = reference.location();
        com.google.cloud.tools.jib.api.ImageReference parsed;
        try {
            parsed = com.google.cloud.tools.jib.api.ImageReference.parse(location);
        } catch (InvalidImageReferenceException e) {
            throw new PreflightException(
                    "image " + reference + ": not a registry image reference; write it as "
                            + "docker://HOST/REPO[:TAG][@DIGEST] with a lower-case repository",
                    e);
        }
        if (!location.contains("/") && REGISTRY_ONLY.matcher(location).matches()) {
            // docker://127.0.0.1:5443 names a registry, not an image: Docker would read it as a Docker Hub repository
            throw new PreflightException("image " + reference + ": names the registry " + location + " but no "
                    + "repository; write docker://" + location + "/REPO[:TAG][@DIGEST]");
        }
        if (parsed.isScratch()) {
            throw new PreflightException("image " + reference + ": scratch is not an image in a registry");
        }
        String host = hostAsWritten(location).orElse("docker.io");
        String repository = parsed.getRepository();
        if (parsed.getRegistry().equals("registry-1.docker.io") && !repository.contains("/")) {
            repository = "library/" + repository; // docker.io/nginx is Docker Hub's library/nginx
        }
        String name = host + "/" + repository
                + parsed.getTag().map(tag -> ":" + tag).orElse("")
                + parsed.getDigest().map(digest -> "@" + digest).orElse("");
        String qualifier = parsed.getQualifier();
        return new RegistryTarget(host, parsed.getRegistry(), repository, qualifier, name);
    }

    /** The first component when it names a host (has a dot or a port, or is {@code localhost}), as Docker decides. */
    private static java.util.Optional<String> hostAsWritten(String location) {
        int slash = location.indexOf('/');
        if (slash <= 0) {
            return java.util.Optional.empty();
        }
        String first = location.substring(0, slash);
        boolean isHost = first.contains(".") || first.contains(":") || first.equals("localhost");
        return isHost ? java.util.Optional.of(first) : java.util.Optional.empty();
    }

    boolean byDigest() {
        return qualifier.contains(":");
    }
}
