package io.github.ecspreflight.maven;

import io.github.ecspreflight.image.RegistryAccess;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Registry credentials from settings.xml: the {@code <server>} whose id is the registry host, its password decrypted
 * as Maven decrypts it ({@code settings-security.xml}).
 */
final class MavenServerCredentials implements RegistryAccess.ServerCredentials {

    private final Settings settings;
    private final SettingsDecrypter decrypter;

    MavenServerCredentials(Settings settings, SettingsDecrypter decrypter) {
        this.settings = settings;
        this.decrypter = decrypter;
    }

    @Override
    public Optional<RegistryAccess.Credential> forHost(String host) {
        if (settings == null) {
            return Optional.empty();
        }
        Server server = settings.getServer(host);
        if (server == null) {
            return Optional.empty();
        }
        if (decrypter != null) {
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            if (result.getServer() != null) {
                server = result.getServer();
            }
        }
        if (server.getUsername() == null || server.getPassword() == null) {
            return Optional.empty();
        }
        return Optional.of(new RegistryAccess.Credential(server.getUsername(), server.getPassword()));
    }
}
