package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK clients of one lookup, built only when a call is made and closed with it: region and credentials from
 * the user's {@code region}/{@code profile} or the SDK's default chains, endpoints as the SDK finds them
 * ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_ECS}, {@code AWS_ENDPOINT_URL_IAM}, their {@code aws.endpointUrl*}
 * system properties, a profile's {@code endpoint_url}), the url-connection HTTP client wired explicitly with Maven's
 * proxy, and the SDK's own retries.
 */
final class AwsClients implements AutoCloseable {

    /** What the default credential chain tries, in its order, for the message that says it found nothing. */
    static final String DEFAULT_CHAIN = "Java system properties aws.accessKeyId and aws.secretAccessKey; environment "
            + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; web identity (AWS_WEB_IDENTITY_TOKEN_FILE); the profile "
            + "AWS_PROFILE or 'default' of ~/.aws/credentials and ~/.aws/config, SSO included; ECS container "
            + "credentials; EC2 instance metadata";

    private final AwsSettings settings;
    private final String what;
    private final String regionOverride;
    private final AtomicReference<String> lastEndpoint = new AtomicReference<>();

    private final List<String> secrets = new ArrayList<>();
    private Region region;
    private AwsCredentialsProvider credentials;
    private SdkHttpClient http;
    private EcsClient ecs;
    private IamClient iam;
    /** The metadata clients of EP106 and EP304, per region: a secret or a log group may live in any. */
    private final Map<String, SdkAutoCloseable> regional = new HashMap<>();

    /**
     * @param what the input the lookup is for, to begin its messages ({@code taskDefinition ecs:orders-api:3})
     * @param regionOverride the region a resource's ARN names, over the user's and the chain's; may be null
     */
    AwsClients(AwsSettings settings, String what, String regionOverride) {
        this.settings = settings;
        this.what = what;
        this.regionOverride = regionOverride;
    }

    synchronized Region region() throws PreflightException {
        if (region == null) {
            if (regionOverride != null) {
                region = Region.of(regionOverride);
            } else if (settings.region() != null) {
                region = Region.of(settings.region());
            } else {
                try {
                    region = (settings.profile() == null
                                    ? DefaultAwsRegionProviderChain.builder()
                                    : DefaultAwsRegionProviderChain.builder().profileName(settings.profile()))
                            .build()
                            .getRegion();
                } catch (SdkClientException e) {
                    throw new PreflightException(
                            what + ": no AWS region: set -DecsPreflight.region=eu-west-1 (or <region>), "
                                    + "the environment variable AWS_REGION, or region in "
                                    + (settings.profile() == null
                                            ? "the default profile"
                                            : "the profile '" + settings.profile() + "'")
                                    + " of ~/.aws/config");
                }
            }
        }
        return region;
    }

    synchronized EcsClient ecs() throws PreflightException {
        if (ecs == null) {
            prepare();
            ecs = client(EcsClient.builder(), region);
        }
        return ecs;
    }

    synchronized IamClient iam() throws PreflightException {
        if (iam == null) {
            prepare();
            iam = client(IamClient.builder(), region);
        }
        return iam;
    }

    synchronized SecretsManagerClient secretsManager(String region) throws PreflightException {
        prepare();
        return (SecretsManagerClient) regional.computeIfAbsent(
                "secretsmanager@" + region, key -> client(SecretsManagerClient.builder(), Region.of(region)));
    }

    synchronized SsmClient ssm(String region) throws PreflightException {
        prepare();
        return (SsmClient)
                regional.computeIfAbsent("ssm@" + region, key -> client(SsmClient.builder(), Region.of(region)));
    }

    synchronized CloudWatchLogsClient logs(String region) throws PreflightException {
        prepare();
        return (CloudWatchLogsClient) regional.computeIfAbsent(
                "logs@" + region, key -> client(CloudWatchLogsClient.builder(), Region.of(region)));
    }

    /**
     * S3 in the lookup's region, path-style when an endpoint is configured (a loopback or S3-compatible server has no
     * bucket subdomains); the SDK follows a bucket in another region itself.
     */
    synchronized S3Client s3() throws PreflightException {
        prepare();
        boolean endpoint = System.getenv("AWS_ENDPOINT_URL_S3") != null
                || System.getenv("AWS_ENDPOINT_URL") != null
                || System.getProperty("aws.endpointUrlS3") != null
                || System.getProperty("aws.endpointUrl") != null;
        return (S3Client) regional.computeIfAbsent(
                "s3",
                key -> client(S3Client.builder().forcePathStyle(endpoint).crossRegionAccessEnabled(true), region));
    }

    /** A client built as every one of this lookup is: its region, the credentials, the HTTP client, the deadlines. */
    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder, Region in) {
        return builder.region(in)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides())
                .build();
    }

    /** Where the last request went, {@code https://ecs.eu-west-1.amazonaws.com}; null before the first one. */
    String lastEndpoint() {
        return lastEndpoint.get();
    }

    /**
     * {@code message} with every credential value this lookup holds replaced by {@code ****}, as written and as a URL
     * or a form would encode it, and then whatever else looks like a secret ({@link Messages#scrub}).
     */
    synchronized String scrub(String message) {
        if (message == null) {
            return null;
        }
        String scrubbed = message;
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, "****");
            scrubbed = scrubbed.replace(
                    java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8), "****");
            scrubbed = scrubbed.replace(
                    java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8)
                            .replace("+", "%20"),
                    "****");
        }
        return Messages.scrub(scrubbed);
    }

    private void prepare() throws PreflightException {
        region();
        if (credentials == null) {
            AwsCredentialsProvider provider = settings.profile() == null
                    ? DefaultCredentialsProvider.builder().build()
                    : ProfileCredentialsProvider.builder()
                            .profileName(settings.profile())
                            .build();
            AwsCredentials resolved;
            try {
                resolved = provider.resolveCredentials();
            } catch (SdkClientException e) {
                closeQuietly(provider);
                throw new PreflightException(what + ": "
                        + (settings.profile() == null
                                ? "no AWS credentials: the SDK's default chain found none (" + DEFAULT_CHAIN
                                        + "); run aws "
                                        + "configure or aws sso login, or name a profile with -DecsPreflight.profile=NAME"
                                : "no AWS credentials for the profile '" + settings.profile()
                                        + "' (ecsPreflight.profile) of "
                                        + "~/.aws/credentials and ~/.aws/config: "
                                        + firstLine(e.getMessage()).replaceFirst(":? *ProfileFile\\(.*$", "")
                                        + "; run aws "
                                        + "configure --profile " + settings.profile() + " or aws sso login --profile "
                                        + settings.profile()));
            }
            remember(resolved.accessKeyId());
            remember(resolved.secretAccessKey());
            if (resolved instanceof AwsSessionCredentials session) {
                remember(session.sessionToken());
            }
            credentials = provider;
        }
        if (http == null) {
            UrlConnectionHttpClient.Builder builder = UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(30));
            if (settings.proxy() != null) {
                builder.proxyConfiguration(proxy(settings.proxy()));
            }
            http = builder.build();
        }
    }

    private void remember(String secret) {
        if (secret != null && secret.length() >= 4) {
            secrets.add(secret);
        }
    }

    /** Maven's proxy as the url-connection client takes it; the JVM's and environment's proxy settings then yield. */
    static ProxyConfiguration proxy(AwsSettings.Proxy proxy) {
        Set<String> direct = new LinkedHashSet<>();
        for (String host : proxy.nonProxyHosts()) {
            if (!host.isBlank()) {
                // the client matches hosts with String.matches: Maven's * wildcard as a regular expression
                direct.add(Pattern.quote(host.trim().toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q"));
            }
        }
        ProxyConfiguration.Builder builder = ProxyConfiguration.builder()
                .endpoint(URI.create("http://" + proxy.host() + ":" + proxy.port()))
                .nonProxyHosts(direct)
                .useSystemPropertyValues(false)
                .useEnvironmentVariablesValues(false);
        if (proxy.username() != null) {
            builder.username(proxy.username()).password(proxy.password());
        }
        return builder.build();
    }

    private ClientOverrideConfiguration overrides() {
        ClientOverrideConfiguration.Builder builder = ClientOverrideConfiguration.builder()
                // a deadline for each call and each attempt: an endpoint that answers a byte a second cannot hold
                // the build, whatever the per-read timeout lets through
                .apiCallTimeout(settings.callTimeout())
                .apiCallAttemptTimeout(settings.callTimeout().dividedBy(3))
                .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "ecs-preflight-maven-plugin")
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        URI uri = context.httpRequest().getUri();
                        lastEndpoint.set(uri.getScheme() + "://" + uri.getHost()
                                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
                    }

                    // one line per attempt, retries included: the service, the operation, where, and the status;
                    // never a header, a parameter or a body (they hold the signature, the token and resource names)
                    @Override
                    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                        if (settings.log().isDebugEnabled()) {
                            settings.log()
                                    .debug("ecs-preflight: AWS " + operation(attributes) + " " + lastEndpoint.get()
                                            + ": HTTP " + context.httpResponse().statusCode());
                        }
                    }

                    @Override
                    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                        if (settings.log().isDebugEnabled()) {
                            settings.log()
                                    .debug("ecs-preflight: AWS " + operation(attributes) + " failed: "
                                            + context.exception().getClass().getSimpleName());
                        }
                    }
                });
        if (settings.profile() != null) {
            builder.defaultProfileName(settings.profile());
        }
        return builder.build();
    }

    /** {@code ecs:DescribeTaskDefinition}, as IAM names the action. */
    private static String operation(ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return (service == null ? "?" : service.toLowerCase(Locale.ROOT)) + ":" + operation;
    }

    @Override
    public synchronized void close() {
        closeQuietly(ecs);
        closeQuietly(iam);
        regional.values().forEach(AwsClients::closeQuietly);
        regional.clear();
        closeQuietly(http);
        closeQuietly(credentials);
        ecs = null;
        iam = null;
        http = null;
        credentials = null;
    }

    private static void closeQuietly(Object closeable) {
        if (closeable instanceof SdkAutoCloseable c) {
            c.close();
        } else if (closeable instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing is left to release
            }
        }
    }

    static String firstLine(String message) {
        String line = Messages.firstLine(message);
        return line.isEmpty() ? "no detail" : line;
    }
}
