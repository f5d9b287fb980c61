package io.github.ecspreflight.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A registry in the test's JVM, for what a real one does not do on demand: a bearer token service, and broken answers
 * (a blob cut short or with other bytes than its digest, a manifest of an unknown media type). It speaks HTTPS with a
 * self-signed certificate made by the JDK's keytool, so the client reaches it with {@code allowInsecureRegistries}
 * and still sends credentials (jib-core never sends them over plain HTTP). Repository {@code app}.
 */
final class FakeRegistry implements AutoCloseable {

    static final String REPOSITORY = "app";
    static final String TOKEN = "fake-bearer-token";

    /** A request as received: method, path and query, the Authorization header's scheme and first user. */
    record Received(String method, String uri, String authorization) {}

    /** How a blob is served. */
    enum Serving {
        WHOLE,
        /** Content-Length of the whole, then half the bytes, then the connection closes. */
        TRUNCATED,
        /** The right length, other bytes. */
        CORRUPT
    }

    private final HttpsServer server;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, Serving> serving = new ConcurrentHashMap<>();
    /** Manifests by tag or digest: media type and bytes. */
    private final Map<String, Map.Entry<String, byte[]>> manifests = new ConcurrentHashMap<>();

    final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile String user;
    private volatile String password;

    private FakeRegistry(HttpsServer server) {
        this.server = server;
    }

    /** A self-signed certificate for 127.0.0.1 in a PKCS12 keystore (password {@code changeit}), made by keytool. */
    static Path keystore(Path work) throws Exception {
        Path keystore = work.resolve("fake-registry-" + System.nanoTime() + ".p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "registry",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return keystore;
    }

    /** Anonymous until {@link #requireLogin}, then bearer authentication with a token service. */
    static FakeRegistry start(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        FakeRegistry registry = new FakeRegistry(server);
        server.createContext("/", registry::handle);
        server.start();
        return registry;
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void requireLogin(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** Answers 403 for this manifest reference, as a registry does for a repository the user may not pull. */
    void forbid(String reference) {
        manifests.put(reference, Map.entry("forbidden", new byte[0]));
    }

    /** Answers this manifest reference with a Content-Length of 5 GB, then a few bytes and a closed connection. */
    void oversize(String reference) {
        manifests.put(reference, Map.entry("oversize", new byte[0]));
    }

    /** Answers this manifest reference with a chunked body, which says no length. */
    void unsized(String reference, byte[] bytes) {
        manifests.put(reference, Map.entry("unsized", bytes));
    }

    void blob(String digest, byte[] bytes, Serving how) {
        blobs.put(digest, bytes);
        serving.put(digest, how);
    }

    void manifest(String reference, String mediaType, byte[] bytes) {
        manifests.put(reference, Map.entry(mediaType, bytes));
    }

    /** The blob and manifest requests received, by path. */
    List<String> paths() {
        return received.stream().map(Received::uri).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    authorization == null ? null : authorization.split(" ")[0] + " " + describe(authorization)));
            exchange.getRequestBody().readAllBytes();
            if (path.equals("/token")) {
                if (user != null && !("Basic " + basic(user, password)).equals(authorization)) {
                    send(
                            exchange,
                            401,
                            "application/json",
                            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}"
                                    .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                send(
                        exchange,
                        200,
                        "application/json",
                        ("{\"token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (user != null && !("Bearer " + TOKEN).equals(authorization)) {
                exchange.getResponseHeaders()
                        .add(
                                "WWW-Authenticate",
                                "Bearer realm=\"https://" + host()
                                        + "/token\",service=\"fake-registry\",scope=\"repository:" + REPOSITORY
                                        + ":pull\"");
                send(
                        exchange,
                        401,
                        "application/json",
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/v2/")) {
                send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String manifestPrefix = "/v2/" + REPOSITORY + "/manifests/";
            String blobPrefix = "/v2/" + REPOSITORY + "/blobs/";
            if (path.startsWith(manifestPrefix)) {
                Map.Entry<String, byte[]> manifest = manifests.get(path.substring(manifestPrefix.length()));
                if (manifest == null) {
                    send(
                            exchange,
                            404,
                            "application/json",
                            "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
                                    .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (manifest.getKey().equals("forbidden")) {
                    send(
                            exchange,
                            403,
                            "application/json",
                            "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}"
                                    .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (manifest.getKey().equals("oversize")) {
                    exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
                    exchange.sendResponseHeaders(200, 5_000_000_000L);
                    exchange.getResponseBody().write("{\"schemaVersion\":2,".getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    return; // closing the exchange with bytes missing drops the connection
                }
                if (manifest.getKey().equals("unsized")) {
                    exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write(manifest.getValue());
                    return;
                }
                send(exchange, 200, manifest.getKey(), manifest.getValue());
                return;
            }
            if (path.startsWith(blobPrefix)) {
                String digest = path.substring(blobPrefix.length());
                byte[] bytes = blobs.get(digest);
                if (bytes == null) {
                    send(
                            exchange,
                            404,
                            "application/json",
                            "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown\"}]}"
                                    .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                switch (serving.getOrDefault(digest, Serving.WHOLE)) {
                    case WHOLE -> send(exchange, 200, "application/octet-stream", bytes);
                    case CORRUPT -> {
                        byte[] other = bytes.clone();
                        other[other.length / 2] ^= 0x5a;
                        send(exchange, 200, "application/octet-stream", other);
                    }
                    case TRUNCATED -> {
                        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                        exchange.sendResponseHeaders(200, bytes.length);
                        OutputStream body = exchange.getResponseBody();
                        body.write(bytes, 0, bytes.length / 2);
                        body.flush();
                        // Closing the exchange with bytes missing: the server drops the connection.
                    }
                }
                return;
            }
            send(exchange, 404, "text/plain", new byte[0]);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The user of a Basic header, or the token of a Bearer one: what tests check, never a password. */
    private static String describe(String authorization) {
        String[] parts = authorization.split(" ", 2);
        if (parts.length < 2) {
            return "";
        }
        if (parts[0].equals("Basic")) {
            String decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            return decoded.substring(0, Math.max(0, decoded.indexOf(':')));
        }
        return parts[1];
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
