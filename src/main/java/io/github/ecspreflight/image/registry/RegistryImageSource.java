package io.github.ecspreflight.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.global.JibSystemProperties;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.image.json.UnknownManifestFormatException;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import io.github.ecspreflight.common.BuildLog;
import io.github.ecspreflight.common.JsonTrees;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ImageFiles;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.RegistryAccess;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Opens {@code docker://HOST/REPO[:TAG][@DIGEST]} images with jib-core's registry client: HTTPS by default, plain HTTP
 * or unverified TLS only with {@code allowInsecureRegistries}; bearer-token or basic authentication as the registry
 * asks, with the credential {@link RegistryCredentials} finds; never in {@code mvn -o}. Opening costs the
 * authentication handshake and the manifest the tag resolves to; the layout reader then pulls the platform manifests
 * and the config blob it needs, and the layer view the layers it reads.
 *
 * <p>Bounded: each request has jib-core's timeout ({@code -Djib.httpTimeout}, 20 s by default, for connecting and for
 * each read), and a failing request is retried at most {@value #MAX_RETRIES} times (jib-core's own back-off would
 * retry for up to 15 minutes). Each request as a whole, retries included, has a {@link Deadline} of
 * {@value #DEADLINE_TIMEOUTS} timeouts (120 s by default), and a layer download one more second per MiB of the layer;
 * a manifest or token answer larger than {@link ImageFiles#MAX_METADATA_BYTES} is refused before it is read
 * ({@link BoundedHttpClient}).
 */
public final class RegistryImageSource {

    static final int MAX_RETRIES = 2;
    /**
     * A whole request's deadline, in jib-core's per-read timeouts: above what a silent registry takes to time out
     * (about four timeouts: attempts on HTTPS and back-off sleeps), so that one is still told as a timeout.
     */
    static final int DEADLINE_TIMEOUTS = 6;
    /** The slowest download a layer's deadline allows for: 1 MiB/s. */
    static final long SLOWEST_BYTES_PER_SECOND = 1024 * 1024;

    private static final String RETRY_WARNING = "failed and will be retried";

    private final RegistryAccess access;
    private final SourceEnvironment environment;
    private final CloudCredentials cloud;
    private final BuildLog log;

    public RegistryImageSource(RegistryAccess access, SourceEnvironment environment, CloudCredentials cloud) {
        this(access, environment, cloud, BuildLog.NONE);
    }

    /** @param log each request and its status at debug level, and the progress of layer downloads */
    public RegistryImageSource(
            RegistryAccess access, SourceEnvironment environment, CloudCredentials cloud, BuildLog log) {
        this.cloud = cloud;
        this.access = access;
        this.environment = environment;
        this.log = log;
    }

    /**
     * Resolves the tag or digest to its manifest or index, and gives the repository as an image layout whose other
     * files are fetched when read.
     *
     * @throws PreflightException in one line naming the image and the cause: offline, a bad reference, an unreachable
     *     or refusing registry (with the credential source tried), no such manifest, an unknown manifest type
     */
    public ImageFiles open(ImageReference reference) throws PreflightException {
        String name = "image " + reference;
        if (access.offline()) {
            throw new PreflightException(name + ": Maven is offline (-o), and a registry image cannot be read without "
                    + "the network; run without -o, or check a saved image instead (docker save -o app.tar IMAGE, then "
                    + "-DecsPreflight.image=docker-archive:app.tar)");
        }
        RegistryTarget target = RegistryTarget.parse(reference);
        RegistryCredentials.Lookup credentials = new RegistryCredentials(access.serverCredentials(), environment, cloud)
                .lookup(List.of(target.host(), target.registry()));
        RetryBudget budget = new RetryBudget();
        BoundedHttpClient http = new BoundedHttpClient(
                access.allowInsecure(), JibSystemProperties.sendCredentialsOverHttp(), budget, log);
        Calls calls = new Calls(name, target, credentials, access.allowInsecure(), budget, http);
        try {
            Credential credential = credentials
                    .found()
                    .map(f -> Credential.from(
                            f.credential().username(), f.credential().secret()))
                    .orElse(null);
            RegistryClient client = RegistryClient.factory(
                            EventHandlers.NONE, target.registry(), target.repository(), http)
                    .setCredential(credential)
                    .setUserAgent(userAgent())
                    .newRegistryClient();
            calls.call("authentication", () -> {
                boolean bearer = client.doPullBearerAuth();
                if (!bearer && credential != null && !credential.isOAuth2RefreshToken()) {
                    client.configureBasicAuth();
                }
                return null;
            });
            String qualifier = target.qualifier();
            ManifestAndDigest<ManifestTemplate> top = calls.call(
                    "manifest " + (target.byDigest() ? qualifier : "'" + qualifier + "'"),
                    () -> client.pullManifest(qualifier));
            if (target.byDigest() && !top.getDigest().toString().equals(qualifier)) {
                throw new PreflightException(name + ": the registry answered " + qualifier + " with a manifest whose "
                        + "digest is " + top.getDigest() + "; it is corrupt or tampered with");
            }
            return new RegistryImageFiles(
                    name, target, client, http, calls, new BlobCache(environment.cacheDirectory()), top, log);
        } catch (PreflightException | RuntimeException e) {
            try {
                http.shutDown();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String userAgent() {
        String version = "unknown";
        try (InputStream in =
                RegistryImageSource.class.getResourceAsStream("/io/github/ecspreflight/version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String value = properties.getProperty("version", "unknown");
                version = value.startsWith("${") ? "unknown" : value;
            }
        } catch (IOException ignored) {
            // the user agent is a courtesy
        }
        return "ecs-preflight-maven-plugin/" + version;
    }

    /**
     * Stops jib-core's retries after {@value #MAX_RETRIES}: its back-off handler sleeps between attempts and gives up
     * when that sleep is interrupted, throwing the request's own error; this interrupts the requesting thread once the
     * budget is spent, and {@link Calls} clears the flag it set afterwards.
     */
    static final class RetryBudget implements Consumer<LogEvent> {
        private final ThreadLocal<int[]> retries = ThreadLocal.withInitial(() -> new int[1]);
        private final ThreadLocal<boolean[]> interrupted = ThreadLocal.withInitial(() -> new boolean[1]);

        @Override
        public void accept(LogEvent event) {
            if (event.getLevel() == LogEvent.Level.WARN && event.getMessage().contains(RETRY_WARNING)) {
                if (++retries.get()[0] >= MAX_RETRIES && !Thread.currentThread().isInterrupted()) {
                    interrupted.get()[0] = true;
                    Thread.currentThread().interrupt();
                }
            }
        }

        void reset() {
            retries.get()[0] = 0;
            if (interrupted.get()[0]) {
                interrupted.get()[0] = false;
                Thread.interrupted();
            }
        }
    }

    @FunctionalInterface
    interface RegistryCall<T> {
        T call() throws IOException, RegistryException, PreflightException;
    }

    @FunctionalInterface
    interface IoCall {
        void call() throws IOException;
    }

    /** Runs registry requests and turns their failures into one-line messages that never carry a secret. */
    static final class Calls {
        private final String name;
        private final RegistryTarget target;
        private final RegistryCredentials.Lookup credentials;
        private final boolean allowInsecure;
        private final RetryBudget budget;
        private final BoundedHttpClient http;

        Calls(
                String name,
                RegistryTarget target,
                RegistryCredentials.Lookup credentials,
                boolean allowInsecure,
                RetryBudget budget,
                BoundedHttpClient http) {
            this.name = name;
            this.target = target;
            this.credentials = credentials;
            this.allowInsecure = allowInsecure;
            this.budget = budget;
            this.http = http;
        }

        <T> T call(String what, RegistryCall<T> call) throws PreflightException {
            budget.reset();
            try (Deadline deadline = deadline(0)) {
                try {
                    return call.call();
                } catch (PreflightException e) {
                    throw e;
                } catch (IOException | RegistryException | RuntimeException e) {
                    throw new PreflightException(name + ": " + explain(what, e, deadline), e);
                }
            } finally {
                budget.reset();
            }
        }

        /** For a layer download of {@code size} bytes, whose failures reach the layer reader as I/O errors. */
        void callIo(String what, long size, IoCall call) throws IOException {
            budget.reset();
            try (Deadline deadline = deadline(Math.max(0, size))) {
                try {
                    call.call();
                } catch (IOException | RuntimeException e) {
                    throw new IOException(explain(what, e, deadline), e);
                }
            } finally {
                budget.reset();
            }
        }

        /** A request's deadline: ends it by closing the client's connections, which fails the blocked read. */
        private Deadline deadline(long bytes) {
            long millis = DEADLINE_TIMEOUTS * (long) JibSystemProperties.getHttpTimeout()
                    + bytes * 1000 / SLOWEST_BYTES_PER_SECOND;
            return Deadline.start(Duration.ofMillis(Math.max(1, millis)), http::abort);
        }

        /** One line: what failed at which registry, why, and what to do. */
        String explain(String what, Throwable e, Deadline deadline) {
            String registry = "registry " + target.host();
            if (find(e, SocketTimeoutException.class) != null || findByName(e, "ConnectTimeoutException") != null) {
                return registry + " did not answer " + what + " within " + JibSystemProperties.getHttpTimeout()
                        + " ms (-Djib.httpTimeout)";
            }
            if (deadline.expired()) {
                return registry + " did not finish " + what + " within " + seconds(deadline.limit())
                        + " (the limit for one request: " + DEADLINE_TIMEOUTS + " times -Djib.httpTimeout"
                        + (what.startsWith("layer") ? ", and a second per MiB of the layer" : "")
                        + "); it answers too slowly";
            }
            Throwable oversize = find(e, BoundedHttpClient.OversizeAnswerException.class);
            if (oversize != null) {
                return registry + " answered " + what + " in a way that is refused: " + oversize.getMessage();
            }
            Throwable unknownManifest = find(e, UnknownManifestFormatException.class);
            if (unknownManifest != null) {
                return registry + " answered " + what + " with a manifest this plugin cannot read ("
                        + oneLine(unknownManifest) + "); Docker v2.2 and OCI image manifests and indexes are read";
            }
            if (find(e, RegistryCredentialsNotSentException.class) != null) {
                return registry + " asks for credentials over plain HTTP, and they are never sent in clear text; serve "
                        + "it over HTTPS (or, as with Jib, -DsendCredentialsOverHttp=true)";
            }
            Integer status = statusOf(e);
            if (find(e, RegistryUnauthorizedException.class) != null
                    || find(e, RegistryAuthenticationFailedException.class) != null
                    || status != null && (status == 401 || status == 403)) {
                int code = status != null ? status : 401;
                String refusal = code == 403
                        ? " denied " + what + " of " + target.repository() + " (HTTP 403 Forbidden) with "
                        : " refused " + what + " of " + target.repository() + " (HTTP 401 Unauthorized) with ";
                String fix = credentials.found().isPresent()
                        ? (code == 403
                                ? "; they need pull access to " + target.repository()
                                : "; check the user name and password there")
                        : "; add a settings.xml <server> with id '" + target.host() + "', or docker login "
                                + target.host();
                return registry + refusal + credentials.describe() + fix;
            }
            if (status != null) {
                String code = errorCode(e);
                if (status == 404) {
                    return registry + " has no " + what + " in " + target.repository() + " (HTTP 404"
                            + (code == null ? "" : " " + code) + ")";
                }
                return registry + " answered " + what + " with HTTP " + status + (code == null ? "" : " " + code);
            }
            Throwable ssl = find(e, SSLException.class);
            if (ssl != null || find(e, InsecureRegistryException.class) != null) {
                String cause = ssl != null ? oneLine(ssl) : "TLS failed";
                if (!allowInsecure) {
                    return registry + " does not answer over verified HTTPS (" + cause + "); a plain-HTTP or "
                            + "self-signed registry is read only when allowed: -DecsPreflight.allowInsecureRegistries=true "
                            + "(or add its CA to the JDK's trust store)";
                }
                return registry + ": TLS failed (" + cause + ")";
            }
            if (find(e, UnknownHostException.class) != null) {
                return "cannot reach " + registry + ": unknown host " + hostName() + "; check the name, DNS or proxy";
            }
            if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null) {
                Throwable connect = find(e, ConnectException.class);
                String why = connect == null
                        ? "no route to host"
                        : oneLine(connect).toLowerCase(Locale.ROOT).contains("refused")
                                ? "connection refused"
                                : oneLine(connect);
                return "cannot reach " + registry + ": " + why + " (nothing answers at " + target.registry()
                        + (target.registry().contains(":") ? "" : ":443") + ")";
            }
            if (e instanceof BlobCache.MismatchException || find(e, BlobCache.MismatchException.class) != null) {
                return what + " from " + registry + ": " + oneLine(find(e, BlobCache.MismatchException.class));
            }
            Throwable digest = findByName(e, "UnexpectedBlobDigestException");
            if (digest != null) {
                return what + " from " + registry + " does not match its digest (" + oneLine(digest)
                        + "); it is corrupt or tampered with";
            }
            return what + " from " + registry + " failed (" + oneLine(deepest(e)) + ")";
        }

        private static String seconds(Duration limit) {
            long millis = limit.toMillis();
            return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
        }

        private String hostName() {
            String host = target.registry();
            int colon = host.lastIndexOf(':');
            return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
        }
    }

    private static Integer statusOf(Throwable e) {
        ResponseException response = find(e, ResponseException.class);
        return response == null ? null : response.getStatusCode();
    }

    /** The registry's error code ({@code MANIFEST_UNKNOWN}, {@code BLOB_UNKNOWN}) from its JSON error body. */
    private static String errorCode(Throwable e) {
        ResponseException response = find(e, ResponseException.class);
        if (response == null || response.getContent() == null) {
            return null;
        }
        try {
            JsonNode body = JsonTrees.read(response.getContent());
            String code =
                    body == null ? "" : body.path("errors").path(0).path("code").asText("");
            return code.matches("[A-Z_]{1,40}") ? code : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable findByName(Throwable e, String simpleName) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getSimpleName().equals(simpleName)) {
                return t;
            }
        }
        return null;
    }

    private static Throwable deepest(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getCause().getMessage() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass()
                    .getSimpleName()
                    .replaceAll("(?<=[a-z])(?=[A-Z])", " ")
                    .toLowerCase(Locale.ROOT);
        }
        int newline = message.indexOf('\n');
        String line = (newline < 0 ? message : message.substring(0, newline)).trim();
        // "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to ..."
        return line.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ", "");
    }
}
