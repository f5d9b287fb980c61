package io.github.ecspreflight.maven;

import io.github.ecspreflight.aws.AwsSettings;
import io.github.ecspreflight.common.BuildLog;
import io.github.ecspreflight.image.RegistryAccess;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * What the Maven session knows that the core needs, in the core's terms: whether the build is offline, the
 * settings.xml servers and proxy (passwords decrypted as Maven decrypts them), and an id for this build.
 */
final class MavenSessionSettings {

    private final MavenSession session;
    private final SettingsDecrypter decrypter;

    /** @param session null when the goal runs outside a Maven build (unit tests) */
    MavenSessionSettings(MavenSession session, SettingsDecrypter decrypter) {
        this.session = session;
        this.decrypter = decrypter;
    }

    boolean offline() {
        return session != null && session.isOffline();
    }

    RegistryAccess registries(boolean allowInsecure) {
        return new RegistryAccess(
                offline(),
                allowInsecure,
                new MavenServerCredentials(session == null ? null : session.getSettings(), decrypter));
    }

    AwsSettings aws(String region, String profile, BuildLog log) {
        return new AwsSettings(region, profile, offline(), proxy(), buildId(), log);
    }

    /** Maven's active proxy for AWS calls: the first for https, else the first for http; its password decrypted. */
    private AwsSettings.Proxy proxy() {
        if (session == null || session.getSettings() == null) {
            return null;
        }
        List<Proxy> active = session.getSettings().getProxies().stream()
                .filter(Proxy::isActive)
                .toList();
        Proxy proxy = active.stream()
                .filter(p -> "https".equalsIgnoreCase(p.getProtocol()))
                .findFirst()
                .orElse(active.stream()
                        .filter(p -> "http".equalsIgnoreCase(p.getProtocol()))
                        .findFirst()
                        .orElse(null));
        if (proxy == null || proxy.getHost() == null) {
            return null;
        }
        if (decrypter != null) {
            List<Proxy> decrypted = decrypter
                    .decrypt(new DefaultSettingsDecryptionRequest(proxy))
                    .getProxies();
            proxy = decrypted.isEmpty() ? proxy : decrypted.get(0);
        }
        String username = proxy.getUsername() == null || proxy.getUsername().isBlank() ? null : proxy.getUsername();
        return new AwsSettings.Proxy(
                proxy.getHost(),
                proxy.getPort(),
                username,
                proxy.getPassword(),
                proxy.getNonProxyHosts() == null
                        ? List.of()
                        : Arrays.asList(proxy.getNonProxyHosts().split("[|,]")));
    }

    /**
     * One id per build, shared by the modules and threads of a reactor (their sessions share one request) and new for
     * every build of a long-lived daemon: AWS answers are shared within it only.
     */
    private String buildId() {
        if (session == null || session.getRequest() == null) {
            return null;
        }
        Date started = session.getRequest().getStartTime();
        return (started == null ? "" : started.getTime()) + "@"
                + Integer.toHexString(System.identityHashCode(session.getRequest()));
    }
}
