package io.github.ecspreflight.image.registry;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import io.github.ecspreflight.common.BuildLog;
import io.github.ecspreflight.image.ImageFiles;
import java.io.IOException;
import java.net.URL;
import java.util.function.Consumer;

/**
 * jib-core's HTTP client, refusing an answer that would not fit in memory before it is read. jib-core reads a
 * manifest, an index or a token answer whole into a string, so a registry that sends a 5 GB manifest would exhaust
 * the heap. A manifest must say its length ({@code Content-Length}, as every registry sends for one) and be at most
 * {@link ImageFiles#MAX_METADATA_BYTES}; a token answer that says its length is held to the same limit (token services
 * behind CDNs may stream, so one that does not is read under the request's {@link Deadline}). Blobs are streamed and
 * bounded by the {@link BlobCache} instead.
 */
final class BoundedHttpClient extends FailoverHttpClient {

    /** A registry answer refused for its size. */
    static final class OversizeAnswerException extends IOException {
        OversizeAnswerException(String message) {
            super(message);
        }
    }

    private volatile boolean aborted;
    private final BuildLog log;

    /** @param log each request's method, URL without its query, and status, at debug level; never a header */
    BoundedHttpClient(boolean allowInsecure, boolean sendCredentialsOverHttp, Consumer<LogEvent> logger, BuildLog log) {
        super(allowInsecure, sendCredentialsOverHttp, logger);
        this.log = log;
    }

    /**
     * Closes every connection, in use or not, and refuses further requests: a read blocked on a connection fails at
     * once, and jib-core's retry of it is refused instead of starting the slow answer again.
     */
    void abort() {
        aborted = true;
        try {
            shutDown();
        } catch (IOException | RuntimeException ignored) {
            // the blocked read fails either way once its connection is gone
        }
    }

    @Override
    public Response call(String httpMethod, URL url, Request request) throws IOException {
        if (aborted) {
            throw new IOException("the registry client was stopped (a deadline passed or an answer was refused)");
        }
        Response response;
        try {
            response = super.call(httpMethod, url, request);
        } catch (ResponseException e) {
            debug(httpMethod, url, "HTTP " + e.getStatusCode());
            throw e;
        } catch (IOException e) {
            debug(httpMethod, url, e.getClass().getSimpleName());
            throw e;
        }
        debug(httpMethod, url, "HTTP " + response.getStatusCode());
        String path = url.getPath();
        boolean manifest = path.contains("/manifests/");
        if (httpMethod.equals("HEAD") || !manifest && path.startsWith("/v2/")) {
            return response;
        }
        long length;
        try {
            length = response.getContentLength();
        } catch (NumberFormatException e) {
            length = -2;
        }
        if (length == -1 && !manifest) {
            return response;
        }
        if (length < 0 || length > ImageFiles.MAX_METADATA_BYTES) {
            // closing the response would read the rest of the body to reuse the connection; drop the connection
            abort();
            throw new OversizeAnswerException(
                    length == -1
                            ? "the answer does not say its length (no Content-Length), so it cannot be bounded"
                            : length == -2
                                    ? "the answer's Content-Length is not a number"
                                    : "the answer is " + length + " bytes, more than the "
                                            + ImageFiles.MAX_METADATA_BYTES + " a manifest, index or token may be");
        }
        return response;
    }

    private void debug(String method, URL url, String status) {
        if (log.isDebugEnabled()) {
            log.debug("ecs-preflight: registry " + method + " " + url.getProtocol() + "://" + url.getHost()
                    + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath() + ": " + status);
        }
    }
}
