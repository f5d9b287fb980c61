package io.github.ecspreflight.image.registry;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the registry and daemon sources look, taken from the process by {@link #fromSystem()} and replaced in tests:
 *
 * @param env environment variables: {@code DOCKER_CONFIG} (Docker's config directory), {@code PATH} (credential
 *     helpers {@code docker-credential-NAME}), {@code AWS_ENDPOINT_URL_ECR}/{@code AWS_ENDPOINT_URL} (ECR endpoint);
 *     the docker CLI inherits the process's own environment, {@code DOCKER_HOST} included
 * @param home the user's home directory ({@code ~/.docker/config.json})
 * @param cacheDirectory where downloaded layer blobs are kept by digest, so a second build downloads none
 * @param dockerExecutable the container engine CLI for {@code docker-daemon:} images: {@code docker}, {@code podman},
 *     or a path
 */
public record SourceEnvironment(Map<String, String> env, Path home, Path cacheDirectory, String dockerExecutable) {

    /** The system property that names the CLI for {@code docker-daemon:} images, e.g. {@code podman}. */
    public static final String DOCKER_EXECUTABLE_PROPERTY = "ecsPreflight.dockerExecutable";
    /** The system property that moves the layer cache (default {@code ~/.cache/ecs-preflight}). */
    public static final String CACHE_DIRECTORY_PROPERTY = "ecsPreflight.cacheDirectory";

    public SourceEnvironment {
        env = Map.copyOf(env);
    }

    /**
     * This process's: its environment, {@code user.home}, the cache in {@code -DecsPreflight.cacheDirectory} else
     * {@code $XDG_CACHE_HOME/ecs-preflight} else {@code ~/.cache/ecs-preflight}, and the CLI in
     * {@code -DecsPreflight.dockerExecutable} else {@code docker}.
     */
    public static SourceEnvironment fromSystem() {
        return fromSystem(null, null);
    }

    /**
     * This process's, with the build's {@code cacheDirectory} and {@code dockerExecutable} parameters where set (null:
     * the system properties, then the defaults, as {@link #fromSystem()}).
     */
    public static SourceEnvironment fromSystem(Path cacheParameter, String dockerParameter) {
        Map<String, String> env = System.getenv();
        Path home = Path.of(System.getProperty("user.home"));
        String cache = System.getProperty(CACHE_DIRECTORY_PROPERTY);
        Path cacheDirectory;
        if (cacheParameter != null) {
            cacheDirectory = cacheParameter;
        } else if (cache != null && !cache.isBlank()) {
            cacheDirectory = Path.of(cache);
        } else if (env.get("XDG_CACHE_HOME") != null
                && !env.get("XDG_CACHE_HOME").isBlank()) {
            cacheDirectory = Path.of(env.get("XDG_CACHE_HOME"), "ecs-preflight");
        } else {
            cacheDirectory = home.resolve(".cache").resolve("ecs-preflight");
        }
        String docker = dockerParameter != null && !dockerParameter.isBlank()
                ? dockerParameter
                : System.getProperty(DOCKER_EXECUTABLE_PROPERTY);
        return new SourceEnvironment(
                env, home, cacheDirectory, docker == null || docker.isBlank() ? "docker" : docker.trim());
    }

    /** Names the environment's variables, never their values (they hold keys and tokens). */
    @Override
    public String toString() {
        return "SourceEnvironment[env=" + new java.util.TreeSet<>(env.keySet()) + ", home=" + home + ", cacheDirectory="
                + cacheDirectory + ", dockerExecutable=" + dockerExecutable + "]";
    }
}
