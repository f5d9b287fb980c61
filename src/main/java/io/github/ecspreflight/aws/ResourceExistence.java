package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.LiveResources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

/**
 * Whether what a live task definition references exists (EP106, EP304), by metadata calls only:
 * {@code secretsmanager:DescribeSecret}, {@code ssm:DescribeParameters} with a {@code Name} equals filter,
 * {@code s3:HeadObject}, {@code logs:DescribeLogGroups}. Never {@code GetSecretValue}, never {@code GetParameters}:
 * a secret's value is never fetched. Each resource is asked once per build ({@link BuildCache}).
 *
 * @param exists null when AWS would not say; {@code unavailable} then says why
 */
record ResourceExistence(Boolean exists, String unavailable) {

    static LiveResources lookup(AwsClients aws, BuildCache cache, List<LiveResources.Resource> resources)
            throws PreflightException {
        Map<LiveResources.Resource, Boolean> exists = new LinkedHashMap<>();
        Map<LiveResources.Kind, String> unavailable = new LinkedHashMap<>();
        for (LiveResources.Resource resource : resources) {
            if (resource.region() == null && resource.kind() != LiveResources.Kind.ENVIRONMENT_FILE) {
                continue;
            }
            ResourceExistence answer = cache.get(
                    () -> ask(aws, resource),
                    "Exists",
                    resource.kind().name(),
                    resource.id(),
                    String.valueOf(resource.region()));
            if (answer.exists() != null) {
                exists.put(resource, answer.exists());
            } else if (answer.unavailable() != null) {
                unavailable.putIfAbsent(resource.kind(), answer.unavailable());
            }
        }
        return new LiveResources(exists, unavailable);
    }

    private static ResourceExistence ask(AwsClients aws, LiveResources.Resource resource) throws PreflightException {
        // the SDK's service ids, which also name their endpoint variables (AWS_ENDPOINT_URL_SECRETS_MANAGER)
        String service = switch (resource.kind()) {
            case SECRET -> "Secrets Manager";
            case PARAMETER -> "SSM";
            case ENVIRONMENT_FILE -> "S3";
            case LOG_GROUP -> "CloudWatch Logs";
        };
        String action = switch (resource.kind()) {
            case SECRET -> "secretsmanager:DescribeSecret";
            case PARAMETER -> "ssm:DescribeParameters";
            case ENVIRONMENT_FILE -> "s3:HeadObject";
            case LOG_GROUP -> "logs:DescribeLogGroups";
        };
        try {
            return switch (resource.kind()) {
                case SECRET -> {
                    try {
                        aws.secretsManager(resource.region()).describeSecret(r -> r.secretId(resource.id()));
                        yield new ResourceExistence(true, null);
                    } catch (ResourceNotFoundException e) {
                        yield new ResourceExistence(false, null);
                    }
                }
                case PARAMETER ->
                    new ResourceExistence(
                            !aws.ssm(resource.region())
                                    .describeParameters(r -> r.parameterFilters(ParameterStringFilter.builder()
                                            .key("Name")
                                            .option("Equals")
                                            .values(resource.id())
                                            .build()))
                                    .parameters()
                                    .isEmpty(),
                            null);
                case ENVIRONMENT_FILE -> {
                    String path = resource.id().substring(resource.id().indexOf(":::") + 3);
                    int slash = path.indexOf('/');
                    try {
                        aws.s3()
                                .headObject(
                                        r -> r.bucket(path.substring(0, slash)).key(path.substring(slash + 1)));
                        yield new ResourceExistence(true, null);
                    } catch (NoSuchKeyException e) {
                        yield new ResourceExistence(false, null);
                    } catch (AwsServiceException e) {
                        if (e.statusCode() == 404) {
                            yield new ResourceExistence(false, null);
                        }
                        if (e.statusCode() == 403) {
                            yield new ResourceExistence(
                                    null,
                                    "AWS denied " + action + " on " + resource.id() + " (403; S3 also answers 403 for "
                                            + "a missing object to a caller without s3:ListBucket)");
                        }
                        throw e;
                    }
                }
                case LOG_GROUP -> {
                    boolean found = false;
                    for (LogGroup group : aws.logs(resource.region())
                            .describeLogGroups(r -> r.logGroupNamePrefix(resource.id()))
                            .logGroups()) {
                        found |= resource.id().equals(group.logGroupName());
                    }
                    yield new ResourceExistence(found, null);
                }
            };
        } catch (SdkException e) {
            if (AwsFailures.isAccessDenied(e)) {
                return new ResourceExistence(
                        null,
                        "AWS denied " + action + " (" + AwsFailures.code((AwsServiceException) e)
                                + "); grant it to the " + "role or user the build runs as to have this checked");
            }
            return new ResourceExistence(null, aws.scrub(AwsFailures.cause(service, action, e, aws)));
        }
    }
}
