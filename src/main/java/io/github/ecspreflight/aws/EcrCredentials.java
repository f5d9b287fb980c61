package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.RegistryAccess.Credential;
import io.github.ecspreflight.image.registry.CloudCredentials;
import io.github.ecspreflight.image.registry.SourceEnvironment;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * An Amazon ECR registry's password, as {@code aws ecr get-login-password} gets it: {@code GetAuthorizationToken} with
 * the AWS SDK's default credential chain (environment, profile, SSO, container and instance roles), in the region the
 * registry's host names. No credential helper binary is needed. The only AWS SDK use outside the live ECS loaders.
 */
public final class EcrCredentials implements CloudCredentials {

    /** {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com}, its FIPS and China forms. */
    private static final Pattern ECR_HOST = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr(-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?(:443)?", Pattern.CASE_INSENSITIVE);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, String> env;

    public EcrCredentials(SourceEnvironment environment) {
        this.env = environment.env();
    }

    /** Whether the host is an ECR private registry, whose credentials AWS can issue. */
    public static boolean isEcr(String host) {
        return ECR_HOST.matcher(host).matches();
    }

    /** {@code eu-west-1} from {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com}. */
    static Optional<String> regionOf(String host) {
        Matcher matcher = ECR_HOST.matcher(host);
        return matcher.matches() ? Optional.of(matcher.group(3).toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
    }

    @Override
    public boolean serves(String host) {
        return isEcr(host);
    }

    @Override
    public String describe(String host) {
        return "ECR GetAuthorizationToken (AWS default credential chain, region "
                + regionOf(host).orElse("?") + ")";
    }

    /**
     * The user name ({@code AWS}) and password for an ECR host.
     *
     * @throws PreflightException with the AWS SDK's reason in one line (no credentials, access denied, unreachable)
     */
    @Override
    public Credential token(String host) throws PreflightException {
        Matcher matcher = ECR_HOST.matcher(host);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an ECR host: " + host);
        }
        String region = matcher.group(3).toLowerCase(java.util.Locale.ROOT);
        String what = "registry " + host + ": " + describe(host);
        // The HTTP client is passed explicitly (the only one on the class path) and closed after use, with the client.
        try (SdkHttpClient http = UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(CALL_TIMEOUT)
                        .build();
                DefaultCredentialsProvider credentials =
                        DefaultCredentialsProvider.builder().build();
                EcrClient ecr = builder(region, matcher.group(2) != null)
                        .httpClient(http)
                        .credentialsProvider(credentials)
                        .overrideConfiguration(ClientOverrideConfiguration.builder()
                                .apiCallTimeout(CALL_TIMEOUT)
                                .build())
                        .build()) {
            GetAuthorizationTokenResponse response = ecr.getAuthorizationToken(b -> {});
            AuthorizationData data = response.authorizationData().stream()
                    .findFirst()
                    .orElseThrow(() -> new PreflightException(what + " returned no authorization data"));
            String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new PreflightException(what + " returned a token that is not base64 user:password");
            }
            return new Credential(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                    ? e.awsErrorDetails().errorCode()
                    : "HTTP " + e.statusCode();
            throw new PreflightException(
                    what + " failed: " + code + " ("
                            + firstLine(
                                    e.awsErrorDetails() != null
                                            ? e.awsErrorDetails().errorMessage()
                                            : e.getMessage())
                            + "); the credentials need ecr:GetAuthorizationToken",
                    e);
        } catch (SdkException | IllegalArgumentException e) {
            throw new PreflightException(what + " failed: " + firstLine(e.getMessage()), e);
        }
    }

    private EcrClientBuilder builder(String region, boolean fips) {
        EcrClientBuilder builder = EcrClient.builder().region(Region.of(region));
        if (fips) {
            builder.fipsEnabled(true);
        }
        // The SDK reads these itself from the process; they are applied here too so that the environment given wins.
        String endpoint = firstNonBlank(env.get("AWS_ENDPOINT_URL_ECR"), env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : null;
    }

    private static String firstLine(String message) {
        String line = Messages.firstLine(message);
        return line.isEmpty() ? "no detail" : line;
    }
}
