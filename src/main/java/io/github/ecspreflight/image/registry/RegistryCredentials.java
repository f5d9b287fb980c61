package io.github.ecspreflight.image.registry;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.RegistryAccess.Credential;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which credential a registry is read with, first found wins: the settings.xml {@code <server>} whose id is the
 * registry host (decrypted by Maven), then Docker's config.json and its credential helpers, then, for an Amazon ECR
 * host, a token from ECR's {@code GetAuthorizationToken}. None is fine: public registries are read anonymously.
 */
public final class RegistryCredentials {

    /** A credential and where it came from; {@link #toString()} never shows the secret. */
    public record Found(Credential credential, String source) {
        @Override
        public String toString() {
            return "Found[source=" + source + "]";
        }
    }

    /**
     * The outcome: the credential (if any) and every source looked at, so that a refusal can say which were tried.
     */
    public record Lookup(Optional<Found> found, List<String> tried) {
        public Lookup {
            tried = List.copyOf(new LinkedHashSet<>(tried));
        }

        /** {@code credentials from settings.xml <server> '...'} or {@code no credentials (looked in ...)}. */
        String describe() {
            return found.map(f -> "credentials from " + f.source())
                    .orElseGet(() -> "no credentials (looked in " + String.join("; ", tried) + ")");
        }
    }

    private final RegistryAccess.ServerCredentials servers;
    private final DockerConfigCredentials dockerConfig;
    private final CloudCredentials cloud;

    public RegistryCredentials(
            RegistryAccess.ServerCredentials servers, SourceEnvironment environment, CloudCredentials cloud) {
        this.servers = servers == null ? RegistryAccess.ServerCredentials.NONE : servers;
        this.dockerConfig = new DockerConfigCredentials(environment);
        this.cloud = cloud;
    }

    /**
     * @param hosts the registry host as the reference spells it first ({@code docker.io}, {@code 127.0.0.1:5443}),
     *     then the host it is reached at when that differs ({@code registry-1.docker.io})
     */
    public Lookup lookup(List<String> hosts) throws PreflightException {
        Set<String> names = new LinkedHashSet<>(hosts);
        List<String> tried = new ArrayList<>();
        for (String host : names) {
            Optional<Credential> server = servers.forHost(host);
            if (server.isPresent()) {
                return new Lookup(Optional.of(new Found(server.get(), "settings.xml <server> '" + host + "'")), tried);
            }
        }
        tried.add("settings.xml <server> "
                + String.join(" or ", names.stream().map(h -> "'" + h + "'").toList()) + " (none)");
        for (String host : names) {
            Optional<Found> docker = dockerConfig.find(host, tried);
            if (docker.isPresent()) {
                return new Lookup(docker, tried);
            }
        }
        for (String host : names) {
            if (cloud.serves(host)) {
                Credential token = cloud.token(host);
                return new Lookup(Optional.of(new Found(token, cloud.describe(host))), tried);
            }
        }
        return new Lookup(Optional.empty(), tried);
    }
}
