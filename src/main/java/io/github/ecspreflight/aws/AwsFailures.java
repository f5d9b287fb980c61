package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.PreflightException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * AWS SDK failures as one line that names the input, the cause and what to do; never a stack trace, an exception's
 * class name, a key, a token or a session credential.
 */
final class AwsFailures {

    private static final Set<String> ACCESS_DENIED = Set.of(
            "accessdenied", "accessdeniedexception", "unauthorizedoperation", "unauthorizedexception", "notauthorized");

    private static final Set<String> BAD_CREDENTIALS = Set.of(
            "unrecognizedclientexception",
            "invalidclienttokenid",
            "invalidsignatureexception",
            "signaturedoesnotmatch",
            "expiredtoken",
            "expiredtokenexception",
            "invalidaccesskeyid",
            "incompletesignature",
            "missingauthenticationtoken",
            "authfailure");

    private AwsFailures() {}

    static boolean isAccessDenied(SdkException e) {
        return e instanceof AwsServiceException service
                && ACCESS_DENIED.contains(code(service).toLowerCase(Locale.ROOT));
    }

    static String code(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isBlank() ? "HTTP " + e.statusCode() : code;
    }

    static String awsMessage(AwsServiceException e) {
        String message =
                e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message == null || message.isBlank() ? null : AwsClients.firstLine(message);
    }

    /**
     * The one-line failure of a call.
     *
     * @param what the input, as the user named it ({@code taskDefinition ecs:orders-api:3})
     * @param service {@code ECS} or {@code IAM}, for the endpoint variable to check
     * @param action the IAM action the call needs ({@code ecs:DescribeTaskDefinition})
     */
    static PreflightException failure(String what, String service, String action, SdkException e, AwsClients aws) {
        return new PreflightException(aws.scrub(what + ": " + cause(service, action, e, aws)), e);
    }

    /** The cause and the remedy, without the input: for notes too. */
    static String cause(String service, String action, SdkException e, AwsClients aws) {
        if (e instanceof AwsServiceException failure) {
            String code = code(failure);
            String message = awsMessage(failure);
            String lower = code.toLowerCase(Locale.ROOT);
            if (ACCESS_DENIED.contains(lower)) {
                return "AWS denied " + action + " (" + code + (message == null ? "" : ": " + message) + "); grant "
                        + action + " to the role or user the build runs as, or name a profile that has it with "
                        + "-DecsPreflight.profile=NAME";
            }
            if (BAD_CREDENTIALS.contains(lower)) {
                return "AWS rejected the credentials (" + code + "): they are unknown, expired or wrong for this "
                        + "region; refresh them (aws sso login, aws configure) or name another profile with "
                        + "-DecsPreflight.profile=NAME";
            }
            if (failure.isThrottlingException()) {
                return service + " throttled " + action + " (" + code + ") even after " + attempts(e) + "; run the "
                        + "build again later, or let the SDK retry more with AWS_MAX_ATTEMPTS";
            }
            if (failure.statusCode() >= 500) {
                return service + " failed (" + code + ", HTTP " + failure.statusCode() + ") even after " + attempts(e)
                        + "; run the build again later";
            }
            return service + " refused " + action + " (" + code + (message == null ? "" : ": " + message) + ")";
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return service + " did not answer in time at " + endpoint(aws) + "; check the network and the proxy "
                    + "(Maven's settings.xml <proxies>)";
        }
        Throwable network = networkCause(e);
        if (network != null) {
            return "cannot reach " + service + " at " + endpoint(aws) + " (" + describe(network) + ") after "
                    + attempts(e) + "; check the network, the proxy (Maven's settings.xml <proxies>), the region, "
                    + "and AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT).replace(' ', '_')
                    + " or AWS_ENDPOINT_URL if set";
        }
        return "the " + service + " call " + action + " failed: " + AwsClients.firstLine(e.getMessage());
    }

    private static String endpoint(AwsClients aws) {
        String endpoint = aws.lastEndpoint();
        return endpoint == null ? "its endpoint" : endpoint;
    }

    private static String attempts(SdkException e) {
        Integer attempts = e.numAttempts();
        return attempts == null || attempts <= 1 ? "the SDK's retries" : attempts + " attempts";
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException
                    || t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException
                    || t instanceof SSLException
                    || t instanceof SocketException
                    || t instanceof InterruptedIOException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String describe(Throwable network) {
        String kind;
        if (network instanceof UnknownHostException) {
            kind = "unknown host";
        } else if (network instanceof ConnectException) {
            kind = "connection refused";
        } else if (network instanceof SocketTimeoutException || network instanceof InterruptedIOException) {
            kind = "timed out";
        } else if (network instanceof SSLException) {
            kind = "TLS failed";
        } else {
            kind = "network error";
        }
        String message = network.getMessage();
        return message == null || message.isBlank() ? kind : kind + ": " + AwsClients.firstLine(message);
    }
}
