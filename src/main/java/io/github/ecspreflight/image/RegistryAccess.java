package io.github.ecspreflight.image;

import java.util.Optional;

/**
 * How registries may be reached: never when offline, plain HTTP or unverified TLS only when allowed, and with which
 * credentials a registry host is known to the build (Maven's settings.xml servers, decrypted).
 */
public record RegistryAccess(boolean offline, boolean allowInsecure, ServerCredentials serverCredentials) {

    /** A user name and password or token; {@link #toString()} never shows the secret. */
    public record Credential(String username, String secret) {
        @Override
        public String toString() {
            return "Credential[username=" + username + ", secret=****]";
        }
    }

    /** Credentials the build knows for a registry host, e.g. a settings.xml {@code <server>} whose id is the host. */
    @FunctionalInterface
    public interface ServerCredentials {
        Optional<Credential> forHost(String host);

        ServerCredentials NONE = host -> Optional.empty();
    }

    public static RegistryAccess defaults() {
        return new RegistryAccess(false, false, ServerCredentials.NONE);
    }
}
