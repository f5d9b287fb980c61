package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.BuildLog;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to reach AWS, for live sources and ECR: the user's {@code region} and {@code profile} (null = the AWS SDK's own
 * chains) and whether the build is offline ({@code mvn -o}: no call at all).
 *
 * @param proxy the build's HTTP proxy (Maven's settings.xml {@code <proxy>}); null = the JVM's and the environment's
 *     proxy settings, as the SDK reads them
 * @param build identifies one build (one {@code mvn} invocation, also in a long-lived daemon): AWS answers are shared
 *     by every module and thread of that build and never by another build; null = shared by nothing
 * @param log where to say what is worth knowing but fails nothing (e.g. IAM's simulator could not be asked), and, at
 *     debug level, each AWS operation with its status
 * @param callTimeout the longest one AWS call may take, retries included; each attempt may take a third of it
 */
public record AwsSettings(
        String region,
        String profile,
        boolean offline,
        Proxy proxy,
        String build,
        BuildLog log,
        java.time.Duration callTimeout) {

    /** 60 s a call (20 s an attempt): far above a real ECS or IAM answer, which takes well under a second. */
    public static final java.time.Duration CALL_TIMEOUT = java.time.Duration.ofSeconds(60);

    public AwsSettings {
        log = log == null ? BuildLog.NONE : log;
        callTimeout = callTimeout == null ? CALL_TIMEOUT : callTimeout;
    }

    public AwsSettings(String region, String profile, boolean offline, Proxy proxy, String build, BuildLog log) {
        this(region, profile, offline, proxy, build, log, CALL_TIMEOUT);
    }

    /** With only {@code notes} to say things to: no debug lines. */
    public AwsSettings(
            String region, String profile, boolean offline, Proxy proxy, String build, Consumer<String> notes) {
        this(region, profile, offline, proxy, build, BuildLog.notes(notes), CALL_TIMEOUT);
    }

    public AwsSettings(
            String region,
            String profile,
            boolean offline,
            Proxy proxy,
            String build,
            Consumer<String> notes,
            java.time.Duration callTimeout) {
        this(region, profile, offline, proxy, build, BuildLog.notes(notes), callTimeout);
    }

    /** Where notes go: the log's info lines. */
    public Consumer<String> notes() {
        return log::info;
    }

    /**
     * An HTTP proxy for AWS calls.
     *
     * @param nonProxyHosts host patterns reached directly, {@code *} as a wildcard ({@code *.internal}, {@code localhost})
     */
    public record Proxy(String host, int port, String username, String password, List<String> nonProxyHosts) {

        public Proxy {
            nonProxyHosts = nonProxyHosts == null ? List.of() : List.copyOf(nonProxyHosts);
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Proxy[" + (username == null ? "" : username + ":****@") + host + ":" + port
                    + (nonProxyHosts.isEmpty() ? "" : ", nonProxyHosts=" + nonProxyHosts) + "]";
        }
    }
}
