package io.github.ecspreflight.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.Platform;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.open.ImageOpener;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * The registry with htpasswd basic auth behind a self-signed certificate: credentials from settings.xml (plain and
 * encrypted), from Docker's config.json (auths and a credential helper), in that order; the wrong password and none,
 * each refused in one line that names the registry and the source tried, never the secret; verified TLS with the
 * registry's CA trusted, and a refusal of its self-signed certificate when insecure registries are not allowed.
 */
@ExtendWith(TestRegistries.class)
class RegistryCredentialsTest {

    @TempDir
    static Path work;

    static TestRegistries.Registries registries;
    static RegistryFixtures.Pushed images;
    static String host;

    @BeforeAll
    static void push(TestRegistries.Registries given) {
        registries = given;
        images = RegistryFixtures.pushed(given);
        host = given.tls();
    }

    private static RegistryAccess.ServerCredentials server(String username, String password) {
        return h -> h.equals(host) ? Optional.of(new RegistryAccess.Credential(username, password)) : Optional.empty();
    }

    private static SourceEnvironment environment(Map<String, String> env, Path home) {
        return new SourceEnvironment(env, home, work.resolve("cache"), "docker");
    }

    private static SourceEnvironment noDockerConfig() {
        return environment(Map.of("PATH", "/usr/bin:/bin"), work.resolve("empty-home"));
    }

    private static Image open(RegistryAccess access, SourceEnvironment environment) throws PreflightException {
        return new ImageOpener(work, access, environment).open(ImageReference.parse(images.privateAmd64()));
    }

    /** The self-signed registry, trusted because insecure registries are allowed. */
    private static RegistryAccess allowed(RegistryAccess.ServerCredentials servers) {
        return new RegistryAccess(false, true, servers);
    }

    @Test
    void aSettingsXmlServerWhoseIdIsTheHostLogsIn() throws Exception {
        try (Image image = open(allowed(server(registries.user(), registries.password())), noDockerConfig())) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
            assertThat(image.manifest(image.entries().get(0)).config().entrypoint())
                    .containsExactly("/app/run");
        }
    }

    @Test
    void anEncryptedSettingsXmlPasswordIsDecryptedAsMavenDoes() throws Exception {
        // settings-security.xml holds the encrypted master password; the server's password is encrypted with it.
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        String master = "master-" + RegistryFixtures.RUN;
        Path security = work.resolve("settings-security.xml");
        Files.writeString(
                security,
                "<settingsSecurity><master>"
                        + cipher.encryptAndDecorate(master, DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION)
                        + "</master></settingsSecurity>");
        Server server = new Server();
        server.setId(host);
        server.setUsername(registries.user());
        server.setPassword(cipher.encryptAndDecorate(registries.password(), master));
        assertThat(server.getPassword()).startsWith("{").doesNotContain(registries.password());
        Settings settings = new Settings();
        settings.addServer(server);
        SettingsDecrypter decrypter =
                new DefaultSettingsDecrypter(new DefaultSecDispatcher(cipher, Map.of(), security.toString()));

        try (Image image = open(allowed(mavenServerCredentials(settings, decrypter)), noDockerConfig())) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
        }
    }

    /**
     * The Mojo's own adapter (package-private in the maven package, which has no room for this test), so that the
     * decryption tested is the one the goal runs.
     */
    private static RegistryAccess.ServerCredentials mavenServerCredentials(
            Settings settings, SettingsDecrypter decrypter) throws Exception {
        Constructor<?> constructor = Class.forName("io.github.ecspreflight.maven.MavenServerCredentials")
                .getDeclaredConstructor(Settings.class, SettingsDecrypter.class);
        constructor.setAccessible(true);
        return (RegistryAccess.ServerCredentials) constructor.newInstance(settings, decrypter);
    }

    @Test
    void dockerConfigAuthsInDockerConfigLogIn() throws Exception {
        Path config = work.resolve("docker-config-auths");
        Files.createDirectories(config);
        String auth = Base64.getEncoder()
                .encodeToString((registries.user() + ":" + registries.password()).getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                config.resolve("config.json"), "{\"auths\": {\"https://" + host + "\": {\"auth\": \"" + auth + "\"}}}");
        SourceEnvironment environment = environment(
                Map.of("DOCKER_CONFIG", config.toString(), "PATH", "/usr/bin:/bin"), work.resolve("empty-home"));
        try (Image image = open(allowed(RegistryAccess.ServerCredentials.NONE), environment)) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
        }
    }

    @Test
    void aCredentialHelperNamedInCredHelpersLogsIn() throws Exception {
        Path bin = Files.createDirectories(work.resolve("helper-bin"));
        Path helper = bin.resolve("docker-credential-ecs-preflight-test");
        Path asked = work.resolve("helper-asked");
        // The credential helper protocol: the server URL on stdin, {"Username","Secret"} on stdout.
        Files.writeString(
                helper,
                "#!/bin/sh\n[ \"$1\" = get ] || exit 2\ncat > '" + asked + "'\n"
                        + "printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}' \"$(cat '" + asked
                        + "')\" '"
                        + registries.user() + "' '" + registries.password() + "'\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = work.resolve("helper-home");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(
                home.resolve(".docker/config.json"),
                "{\"credHelpers\": {\"" + host + "\": \"ecs-preflight-test\"}, \"auths\": {}}");
        SourceEnvironment environment = environment(Map.of("PATH", bin + ":/usr/bin:/bin"), home);
        try (Image image = open(allowed(RegistryAccess.ServerCredentials.NONE), environment)) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
        }
        assertThat(Files.readString(asked)).isEqualTo(host);
    }

    @Test
    void settingsXmlComesBeforeDockerConfig() throws Exception {
        Path home = work.resolve("order-home");
        Files.createDirectories(home.resolve(".docker"));
        String wrong = Base64.getEncoder()
                .encodeToString((registries.user() + ":not-the-password").getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                home.resolve(".docker/config.json"), "{\"auths\": {\"" + host + "\": {\"auth\": \"" + wrong + "\"}}}");
        SourceEnvironment environment = environment(Map.of("PATH", "/usr/bin:/bin"), home);
        // Right in settings.xml, wrong in config.json: settings.xml is used.
        try (Image image = open(allowed(server(registries.user(), registries.password())), environment)) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
        }
        // No server in settings.xml: config.json's wrong password is used, and the refusal names that file.
        assertThatThrownBy(() -> open(allowed(RegistryAccess.ServerCredentials.NONE), environment))
                .hasMessageContaining("(HTTP 401 Unauthorized) with credentials from Docker config "
                        + home.resolve(".docker/config.json") + " auths; check the user name and password there");
    }

    @Test
    void aWrongPasswordIsRefusedInOneLineThatNamesTheRegistryAndTheSourceButNeverThePassword() throws Exception {
        String password = "wrong-" + RegistryFixtures.RUN + "-secret";
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PreflightException failure;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            failure = org.junit.jupiter.api.Assertions.assertThrows(
                    PreflightException.class,
                    () -> open(allowed(server(registries.user(), password)), noDockerConfig()));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(failure)
                .hasMessage("image " + images.privateAmd64() + ": registry " + host + " refused manifest '1.0' "
                        + "of ecs-preflight/private-" + RegistryFixtures.RUN
                        + " (HTTP 401 Unauthorized) with credentials from "
                        + "settings.xml <server> '" + host + "'; check the user name and password there");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(password);
            assertThat(t.toString()).doesNotContain(password);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain(password);
    }

    @Test
    void noCredentialsAnywhereSaysWhereItLooked() {
        assertThatThrownBy(() -> open(allowed(RegistryAccess.ServerCredentials.NONE), noDockerConfig()))
                .isInstanceOf(PreflightException.class)
                .hasMessage("image " + images.privateAmd64() + ": registry " + host + " refused manifest '1.0' of "
                        + "ecs-preflight/private-" + RegistryFixtures.RUN
                        + " (HTTP 401 Unauthorized) with no credentials "
                        + "(looked in settings.xml <server> '" + host + "' (none); Docker config "
                        + work.resolve("empty-home/.docker/config.json") + " (no such file)); add a settings.xml "
                        + "<server> with id '" + host + "', or docker login " + host);
    }

    @Test
    void aSelfSignedCertificateIsRefusedUnlessInsecureRegistriesAreAllowed() {
        RegistryAccess secure = new RegistryAccess(false, false, server(registries.user(), registries.password()));
        assertThatThrownBy(() -> open(secure, noDockerConfig()))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image " + images.privateAmd64() + ": registry " + host
                        + " does not answer over verified HTTPS (")
                .hasMessageContaining(
                        "(PKIX path building failed: unable to find valid certification path to requested target)")
                .hasMessageEndingWith(
                        "-DecsPreflight.allowInsecureRegistries=true (or add its CA to the JDK's trust store)");
    }

    /** With the registry's CA trusted by the JVM (as a company CA would be), TLS is verified and nothing insecure is needed. */
    @Test
    void aTrustedCertificateIsVerified() throws Exception {
        SSLContext previous = SSLContext.getDefault();
        try {
            SSLContext.setDefault(trusting(registries.ca()));
            RegistryAccess secure = new RegistryAccess(false, false, server(registries.user(), registries.password()));
            try (Image image = open(secure, noDockerConfig())) {
                assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
            }
        } finally {
            SSLContext.setDefault(previous);
        }
    }

    private static SSLContext trusting(Path ca) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            store.setCertificateEntry(
                    "test-registry", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
