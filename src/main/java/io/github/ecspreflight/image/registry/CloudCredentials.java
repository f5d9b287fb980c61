package io.github.ecspreflight.image.registry;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.RegistryAccess.Credential;

/**
 * Credentials a cloud issues for its own registries (ECR's GetAuthorizationToken), asked for only when neither
 * settings.xml nor Docker's config has any for the host. Implemented where the cloud's SDK lives, so that this package
 * needs none.
 */
public interface CloudCredentials {

    /** For tests and for builds that reach no cloud registry. */
    CloudCredentials NONE = new CloudCredentials() {
        @Override
        public boolean serves(String host) {
            return false;
        }

        @Override
        public Credential token(String host) {
            throw new IllegalStateException("no cloud serves " + host);
        }

        @Override
        public String describe(String host) {
            return "no cloud credentials";
        }
    };

    /** Whether this cloud runs the registry at {@code host}. */
    boolean serves(String host);

    /** A short-lived credential for the registry at {@code host}. */
    Credential token(String host) throws PreflightException;

    /** Where the credential comes from, for messages. */
    String describe(String host);
}
