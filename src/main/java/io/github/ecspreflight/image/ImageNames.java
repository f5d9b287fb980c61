package io.github.ecspreflight.image;

import java.util.Locale;

/**
 * Image names as Docker reads them ({@code [HOST[:PORT]/]PATH[:TAG][@DIGEST]}): the one place that splits them, so
 * that archives, task definitions and the registry client agree on what names the same repository.
 */
public final class ImageNames {

    private ImageNames() {}

    /** {@code HOST/team/app} from {@code HOST/team/app:1.0@sha256:...}: the tag and digest dropped. */
    public static String withoutTagOrDigest(String name) {
        String value = name;
        int at = value.indexOf('@');
        if (at >= 0) {
            value = value.substring(0, at);
        }
        int slash = value.lastIndexOf('/');
        int colon = value.lastIndexOf(':');
        return colon > slash ? value.substring(0, colon) : value;
    }

    /** Whether the first component names a registry host rather than a Docker Hub namespace, as Docker decides it. */
    static boolean hasRegistryHost(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String head = name.substring(0, slash);
        return head.contains(".") || head.contains(":") || head.equals("localhost");
    }

    /** The repository path without registry host, tag, digest or Docker Hub's implicit {@code library/}, lower-cased. */
    public static String repositoryPath(String name) {
        String value = withoutTagOrDigest(name.toLowerCase(Locale.ROOT));
        if (hasRegistryHost(value)) {
            value = value.substring(value.indexOf('/') + 1);
        }
        return value.startsWith("library/") ? value.substring("library/".length()) : value;
    }

    /**
     * Whether a container's {@code image} ({@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.2}) names the
     * built repository ({@code team/app}, {@code app}, {@code localhost:5000/team/app}): the registry, tag and digest
     * are ignored, since an image is usually pushed elsewhere than where it was built.
     */
    public static boolean sameRepository(String containerImage, String builtRepository) {
        if (containerImage == null || builtRepository == null) {
            return false;
        }
        String wanted = repositoryPath(builtRepository);
        String actual = repositoryPath(containerImage);
        return actual.equals(wanted) || actual.endsWith("/" + wanted) || wanted.endsWith("/" + actual);
    }

    /** Docker's full form of a name: {@code app} is {@code docker.io/library/app:latest}. */
    public static String canonical(String name) {
        String value = name.toLowerCase(Locale.ROOT);
        int slash = value.lastIndexOf('/');
        if (value.indexOf(':', slash + 1) < 0 && !value.contains("@")) {
            value += ":latest";
        }
        if (!hasRegistryHost(value)) {
            value = "docker.io/" + (value.indexOf('/') < 0 ? "library/" : "") + value;
        }
        return value;
    }
}
