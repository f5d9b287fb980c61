package io.github.ecspreflight.aws;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The AWS environment of a test, as the SDK's own chains read it: static fake credentials as the system properties
 * {@code aws.accessKeyId}/{@code aws.secretAccessKey}, the stub as {@code aws.endpointUrl} (what
 * {@code AWS_ENDPOINT_URL} sets), no shared profile files and no instance metadata, so that nothing of the machine's
 * own AWS setup takes part. {@link #close()} puts every property back.
 */
public final class FakeAws implements AutoCloseable {

    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
            new java.util.concurrent.atomic.AtomicInteger();
    private final int instance = INSTANCES.incrementAndGet();

    public static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzFAKESECRET";

    private static final List<String> PROPERTIES = List.of(
            "aws.accessKeyId",
            "aws.secretAccessKey",
            "aws.sessionToken",
            "aws.region",
            "aws.endpointUrl",
            "aws.endpointUrlEcs",
            "aws.endpointUrlIam",
            "aws.endpointUrlCloudWatchLogs",
            "aws.endpointUrlSecretsManager",
            "aws.endpointUrlSsm",
            "aws.endpointUrlS3",
            "aws.configFile",
            "aws.sharedCredentialsFile",
            "aws.disableEc2Metadata",
            "aws.profile",
            "aws.maxAttempts",
            "aws.retryMode");

    private final Map<String, String> saved = new HashMap<>();
    final List<String> notes = new CopyOnWriteArrayList<>();

    public FakeAws(AwsStub stub, Path noFiles) {
        for (String property : PROPERTIES) {
            saved.put(property, System.getProperty(property));
            System.clearProperty(property);
        }
        System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
        System.setProperty("aws.configFile", noFiles.resolve("config").toString());
        System.setProperty(
                "aws.sharedCredentialsFile", noFiles.resolve("credentials").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        if (stub != null) {
            System.setProperty("aws.endpointUrl", stub.endpoint());
        }
    }

    /** Settings for one build of {@code eu-west-1}, its notes collected in {@link #notes}. */
    public AwsSettings build(String build) {
        // each FakeAws is its own series of builds, so no test sees another's cached answers
        return new AwsSettings(
                "eu-west-1", null, false, null, build == null ? null : build + "@" + instance, notes::add);
    }

    SdkTaskDefinitions live(String build) {
        return new SdkTaskDefinitions(build(build), null);
    }

    void withoutCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Override
    public void close() {
        saved.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
    }
}
