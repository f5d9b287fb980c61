package io.github.ecspreflight.image.registry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.JsonTrees;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.RegistryAccess.Credential;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Registry credentials from Docker's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json}), read as the docker CLI reads it: a {@code credHelpers} entry for the host, else the
 * {@code credsStore}, runs {@code docker-credential-NAME get} (found on {@code PATH}); failing that, the {@code auths}
 * entry for the host ({@code auth} as base64 {@code user:password}, {@code username}/{@code password}, or an
 * {@code identitytoken}). Docker Hub's aliases ({@code docker.io}, {@code index.docker.io}, ...) are one registry.
 *
 * <p>Not jib-core's {@code DockerConfigCredentialRetriever}, which reads the same file, for three differences users
 * would feel: a credential helper is found on the {@link SourceEnvironment}'s {@code PATH} (jib-core runs it through
 * the JVM's own), a helper that hangs is given up on after {@value #HELPER_TIMEOUT_SECONDS} s (jib-core waits for
 * ever), and a config that is not JSON is a one-line error naming the file, while every source looked at is listed
 * when no credential is found.
 */
final class DockerConfigCredentials {

    /** A credential helper that does not answer within this long is given up on. */
    static final long HELPER_TIMEOUT_SECONDS = 30;

    private static final Set<String> DOCKER_HUB =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");
    /** The server URL the docker CLI stores Docker Hub credentials under. */
    private static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

    private final SourceEnvironment environment;

    DockerConfigCredentials(SourceEnvironment environment) {
        this.environment = environment;
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    Path configFile() {
        String directory = environment.env().get("DOCKER_CONFIG");
        Path base = directory != null && !directory.isBlank()
                ? Path.of(directory)
                : environment.home().resolve(".docker");
        return base.resolve("config.json");
    }

    /** What this source is, for messages: {@code Docker config /home/me/.docker/config.json}. */
    String describe() {
        return "Docker config " + configFile();
    }

    /**
     * The credential stored for {@code host}, and where it came from; empty when the file does not exist or names no
     * credential for the host. What was looked at is added to {@code tried}, for messages.
     *
     * @throws PreflightException when the file exists but is not JSON
     */
    Optional<RegistryCredentials.Found> find(String host, List<String> tried) throws PreflightException {
        Path file = configFile();
        if (!Files.isRegularFile(file)) {
            tried.add(describe() + " (no such file)");
            return Optional.empty();
        }
        JsonNode config;
        try {
            config = JsonTrees.read(java.nio.file.Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new PreflightException(
                    describe() + ": not valid JSON (" + Messages.jsonCause(e.getOriginalMessage()) + ")", e);
        } catch (IOException e) {
            throw new PreflightException(describe() + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (config == null || !config.isObject()) {
            tried.add(describe() + " (not a JSON object)");
            return Optional.empty();
        }
        String helper =
                entryFor(config.path("credHelpers"), host).map(JsonNode::asText).orElse(null);
        String helperOrigin = "credHelpers";
        if (helper == null
                && config.path("credsStore").isTextual()
                && !config.path("credsStore").asText().isBlank()) {
            helper = config.path("credsStore").asText();
            helperOrigin = "credsStore";
        }
        if (helper != null && !helper.isBlank()) {
            String what = describe() + " " + helperOrigin + " docker-credential-" + helper;
            try {
                Optional<Credential> fromHelper = runHelper(helper, serverUrl(host));
                if (fromHelper.isPresent()) {
                    return Optional.of(new RegistryCredentials.Found(fromHelper.get(), what));
                }
                tried.add(what + " (no credential for " + host + ")");
            } catch (HelperFailure e) {
                tried.add(what + " (" + e.getMessage() + ")");
            }
        }
        Optional<JsonNode> auth = entryFor(config.path("auths"), host);
        if (auth.isPresent()) {
            Optional<Credential> credential = fromAuth(auth.get(), host);
            if (credential.isPresent()) {
                return Optional.of(new RegistryCredentials.Found(credential.get(), describe() + " auths"));
            }
        }
        tried.add(describe() + " auths (no entry for " + host + ")");
        return Optional.empty();
    }

    /** The entry of {@code auths} or {@code credHelpers} whose key names the host, in any of the forms docker writes. */
    private static Optional<JsonNode> entryFor(JsonNode map, String host) {
        if (!map.isObject()) {
            return Optional.empty();
        }
        String wanted = normalise(host);
        for (Iterator<Map.Entry<String, JsonNode>> fields = map.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = normalise(field.getKey());
            if (key.equals(wanted) || DOCKER_HUB.contains(key) && DOCKER_HUB.contains(wanted)) {
                return Optional.of(field.getValue());
            }
        }
        return Optional.empty();
    }

    /** {@code https://index.docker.io/v1/} and {@code index.docker.io} are the same key. */
    private static String normalise(String key) {
        String value = key.trim().toLowerCase(Locale.ROOT);
        int scheme = value.indexOf("://");
        if (scheme >= 0) {
            value = value.substring(scheme + 3);
        }
        int slash = value.indexOf('/');
        return slash >= 0 ? value.substring(0, slash) : value;
    }

    private static String serverUrl(String host) {
        return DOCKER_HUB.contains(normalise(host)) ? DOCKER_HUB_SERVER : host;
    }

    private static Optional<Credential> fromAuth(JsonNode auth, String host) throws PreflightException {
        String identityToken = auth.path("identitytoken").asText("");
        String encoded = auth.path("auth").asText("");
        if (!encoded.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new PreflightException(
                        "Docker config: the auths entry for " + host + " is not base64 user:password");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new PreflightException(
                        "Docker config: the auths entry for " + host + " is not base64 user:password");
            }
            String username = decoded.substring(0, colon);
            String password = decoded.substring(colon + 1);
            if (!identityToken.isEmpty() && password.isEmpty()) {
                return Optional.of(new Credential(
                        com.google.cloud.tools.jib.api.Credential.OAUTH2_TOKEN_USER_NAME, identityToken));
            }
            return Optional.of(new Credential(username, password));
        }
        if (!identityToken.isEmpty()) {
            return Optional.of(
                    new Credential(com.google.cloud.tools.jib.api.Credential.OAUTH2_TOKEN_USER_NAME, identityToken));
        }
        String username = auth.path("username").asText("");
        String password = auth.path("password").asText("");
        if (!username.isEmpty() && !password.isEmpty()) {
            return Optional.of(new Credential(username, password));
        }
        return Optional.empty();
    }

    /** Why a helper gave no credential; its message never holds the helper's output (it may be a secret). */
    static final class HelperFailure extends Exception {
        HelperFailure(String message) {
            super(message);
        }
    }

    /**
     * {@code echo SERVER | docker-credential-NAME get}, as the credential helper protocol says: a JSON object with
     * {@code Username} and {@code Secret}; "credentials not found" (exit 1) is no credential.
     */
    Optional<Credential> runHelper(String name, String serverUrl) throws HelperFailure {
        Path executable = onPath("docker-credential-" + name)
                .orElseThrow(() -> new HelperFailure("docker-credential-" + name + " is not on PATH"));
        Process process;
        try {
            process = new ProcessBuilder(List.of(executable.toString(), "get"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new HelperFailure("cannot run " + executable + " (" + e.getMessage() + ")");
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // a helper that exits without reading its input answers below
            }
            // Helpers answer with a few hundred bytes; reading them on this thread cannot fill a pipe and block.
            if (!process.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new HelperFailure("gave no answer within " + HELPER_TIMEOUT_SECONDS + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                if (output.toLowerCase(Locale.ROOT).contains("credentials not found")) {
                    return Optional.empty();
                }
                throw new HelperFailure("exited with status " + process.exitValue());
            }
            JsonNode answer;
            try {
                answer = JsonTrees.read(output);
            } catch (JacksonException e) {
                throw new HelperFailure("did not answer with JSON");
            }
            String username = answer == null ? "" : answer.path("Username").asText("");
            String secret = answer == null ? "" : answer.path("Secret").asText("");
            if (username.isEmpty() || secret.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Credential(username, secret));
        } catch (IOException e) {
            throw new HelperFailure("cannot read its answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HelperFailure("interrupted");
        }
    }

    private Optional<Path> onPath(String name) {
        String path = environment.env().get("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
