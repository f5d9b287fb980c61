package io.github.ecspreflight.image.registry;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ecspreflight.image.Skopeo;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The two registries the docker:// tests read: Debian's docker-registry on 127.0.0.1, one open over plain HTTP, one
 * with htpasswd basic auth behind a self-signed TLS certificate, as {@code src/test/resources/registry/registries.sh}
 * starts them.
 *
 * <p>{@code .ci/run} starts them and exports {@code ECS_PREFLIGHT_REGISTRY} and the rest, with
 * {@code ECS_PREFLIGHT_REQUIRE_TOOLS=true}: then a registry that does not answer fails the tests. Without the variables
 * (a developer's {@code mvn test}) this extension starts them itself for the test run when docker-registry, htpasswd,
 * openssl and curl are installed, and stops them afterwards; else the tests are skipped. Tests take a
 * {@link Registries} parameter.
 */
public final class TestRegistries implements BeforeAllCallback, ParameterResolver {

    /**
     * @param open {@code 127.0.0.1:PORT}, plain HTTP, anonymous
     * @param tls {@code 127.0.0.1:PORT}, HTTPS with a self-signed certificate ({@code ca}), basic auth
     */
    public record Registries(
            String open, Path openLog, String tls, String user, String password, Path ca, Path tlsLog) {
        @Override
        public String toString() {
            return "Registries[open=" + open + ", tls=" + tls + "]";
        }
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestRegistries.class);

    static boolean required() {
        return Boolean.parseBoolean(System.getenv("ECS_PREFLIGHT_REQUIRE_TOOLS"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        registries(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Registries.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return registries(context);
    }

    private static Registries registries(ExtensionContext context) {
        Skopeo.requireInstalled();
        Map<String, String> env = System.getenv();
        if (env.get("ECS_PREFLIGHT_REGISTRY") != null) {
            Registries registries = fromEnv(env);
            requireAnswering(registries);
            return registries;
        }
        if (required()) {
            fail("ECS_PREFLIGHT_REQUIRE_TOOLS=true but ECS_PREFLIGHT_REGISTRY is not set: .ci/run starts the test "
                    + "registries (src/test/resources/registry/registries.sh) and exports it");
        }
        for (String tool : new String[] {"docker-registry", "htpasswd", "openssl", "curl"}) {
            assumeTrue(
                    onPath(tool),
                    tool + " is not installed: the registry tests are skipped (apt-get install "
                            + "docker-registry apache2-utils openssl curl, or run .ci/run)");
        }
        LocalRegistries local = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("local", key -> LocalRegistries.start(), LocalRegistries.class);
        requireAnswering(local.registries);
        return local.registries;
    }

    private static Registries fromEnv(Map<String, String> env) {
        return new Registries(
                env.get("ECS_PREFLIGHT_REGISTRY"),
                pathOrNull(env.get("ECS_PREFLIGHT_REGISTRY_LOG")),
                env.get("ECS_PREFLIGHT_TLS_REGISTRY"),
                env.get("ECS_PREFLIGHT_TLS_REGISTRY_USER"),
                env.get("ECS_PREFLIGHT_TLS_REGISTRY_PASSWORD"),
                pathOrNull(env.get("ECS_PREFLIGHT_TLS_REGISTRY_CA")),
                pathOrNull(env.get("ECS_PREFLIGHT_TLS_REGISTRY_LOG")));
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** Fails (CI) or skips (elsewhere) unless both registries accept a connection. */
    private static void requireAnswering(Registries registries) {
        for (String address : new String[] {registries.open(), registries.tls()}) {
            boolean answers = address != null && answers(address);
            if (required()) {
                if (!answers) {
                    fail("test registry " + address + " does not answer (ECS_PREFLIGHT_REQUIRE_TOOLS=true): .ci/run "
                            + "starts it with src/test/resources/registry/registries.sh");
                }
            }
            assumeTrue(answers, "test registry " + address + " does not answer");
        }
    }

    static boolean answers(String address) {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    2000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isBlank() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Registries this extension started for a local run, stopped when the test run ends. */
    @SuppressWarnings("deprecation") // CloseableResource for JUnit before 5.13, AutoCloseable after
    static final class LocalRegistries implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Path directory;
        final Registries registries;

        private LocalRegistries(Path directory, Registries registries) {
            this.directory = directory;
            this.registries = registries;
        }

        static LocalRegistries start() {
            try {
                Path directory = Files.createTempDirectory("ecs-preflight-registries");
                Path script = directory.resolve("registries.sh");
                try (InputStream in = TestRegistries.class.getResourceAsStream("/registry/registries.sh")) {
                    Files.copy(in, script);
                }
                // Ports well away from the CI defaults, so that a local run never meets a registry left running.
                Map<String, String> ports = new HashMap<>();
                ports.put("ECS_PREFLIGHT_REGISTRY_PORT", "25000");
                ports.put("ECS_PREFLIGHT_TLS_REGISTRY_PORT", "25443");
                run(directory, ports, "bash", script.toString(), "start", directory.toString());
                Map<String, String> env = new HashMap<>();
                for (String line : Files.readAllLines(directory.resolve("env"), StandardCharsets.UTF_8)) {
                    String assignment = line.replaceFirst("^export ", "");
                    int equals = assignment.indexOf('=');
                    if (equals > 0) {
                        env.put(assignment.substring(0, equals), assignment.substring(equals + 1));
                    }
                }
                return new LocalRegistries(directory, fromEnv(env));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot start the test registries: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            try {
                run(
                        directory,
                        Map.of(),
                        "bash",
                        directory.resolve("registries.sh").toString(),
                        "stop",
                        directory.toString());
            } finally {
                try (Stream<Path> paths = Files.walk(directory)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        }

        private static void run(Path directory, Map<String, String> env, String... command)
                throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("script.out").toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(
                        String.join(" ", command) + " failed: " + Files.readString(directory.resolve("script.out")));
            }
        }
    }
}
