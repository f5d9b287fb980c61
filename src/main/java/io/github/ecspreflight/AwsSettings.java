package io.github.ecspreflight;

/**
 * How to reach AWS, for live sources and ECR: the user's {@code region} and {@code profile} (null = the AWS SDK's own
 * chains) and whether the build is offline ({@code mvn -o}: no call at all).
 */
public record AwsSettings(String region, String profile, boolean offline) {

    public static AwsSettings defaults() {
        return new AwsSettings(null, null, false);
    }
}
