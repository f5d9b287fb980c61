package io.github.ecspreflight.ecs;

import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The IAM actions ECS performs with a task's execution role before and while its containers run. */
public final class ExecutionRoleActions {

    private ExecutionRoleActions() {}

    /**
     * {@code logs:CreateLogStream} and {@code logs:PutLogEvents} when a container logs with awslogs, and
     * {@code logs:CreateLogGroup} when one sets {@code awslogs-create-group} to {@code true}: what ECS needs of the execution role to
     * write the logs (checked by EP105, asked of IAM's simulator by live sources).
     */
    public static List<String> forLogs(TaskDefinition task) {
        boolean awslogs = false;
        boolean createsGroup = false;
        for (ContainerDefinition container : task.containers()) {
            LogConfiguration logs = container.logConfiguration();
            if (logs != null && "awslogs".equals(logs.logDriver())) {
                awslogs = true;
                createsGroup |= "true".equalsIgnoreCase(logs.option("awslogs-create-group"));
            }
        }
        List<String> actions = new ArrayList<>();
        if (awslogs) {
            actions.add("logs:CreateLogStream");
            actions.add("logs:PutLogEvents");
        }
        if (createsGroup) {
            actions.add("logs:CreateLogGroup");
        }
        return actions;
    }

    /**
     * One call ECS makes with the execution role: the action, on which resource, and for what (for messages).
     *
     * @param resource an ARN; a field the task definition does not say is {@link ExecutionRoleEvidence#UNKNOWN_FIELD}
     * @param context the condition keys the call carries, for IAM's simulator ({@code kms:ViaService} when Secrets
     *     Manager decrypts for the role)
     */
    public record Access(String action, String resource, String purpose, Map<String, String> context) {

        public Access {
            context = Map.copyOf(context);
        }

        public Access(String action, String resource, String purpose) {
            this(action, resource, purpose, Map.of());
        }
    }

    /**
     * An ECR image: account, region, {@code .cn}, repository. The account, the region and the domain suffix may be
     * known only once deployed, as CDK writes them ({@code ${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}}).
     */
    private static final Pattern ECR_IMAGE =
            Pattern.compile("^(\\d{12}|\\$\\{[^{}]+})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+|\\$\\{[^{}]+})"
                    + "\\.(?:amazonaws\\.com(\\.cn)?|\\$\\{AWS::URLSuffix})/([^:@${}]+)(?:[:@].*)?$");

    /**
     * What pulling the container's image takes (EP301): for an ECR image (any account or region, a pull-through
     * cache's prefix being part of the repository name), {@code ecr:GetAuthorizationToken} and
     * {@code ecr:BatchGetImage} and {@code ecr:GetDownloadUrlForLayer} on the repository; for a private registry's
     * {@code repositoryCredentials}, reading that secret. Empty for a public image, or one known only once deployed.
     */
    public static List<Access> forPull(ContainerDefinition container) {
        List<Access> accesses = new ArrayList<>();
        String image = container.image();
        Matcher ecr = image == null ? null : ECR_IMAGE.matcher(image);
        if (ecr != null && ecr.matches()) {
            String partition =
                    ecr.group(3) != null ? "aws-cn" : ecr.group(2).startsWith("us-gov-") ? "aws-us-gov" : "aws";
            String repository =
                    "arn:" + partition + ":ecr:" + ecr.group(2) + ":" + ecr.group(1) + ":repository/" + ecr.group(4);
            String purpose = "pull " + image;
            accesses.add(new Access("ecr:GetAuthorizationToken", "*", purpose));
            accesses.add(new Access("ecr:BatchGetImage", repository, purpose));
            accesses.add(new Access("ecr:GetDownloadUrlForLayer", repository, purpose));
        }
        String credentials = container.startup().repositoryCredentials();
        if (credentials != null && !TaskDefinition.isUnknown(credentials)) {
            accesses.add(new Access(
                    "secretsmanager:GetSecretValue",
                    secretArn(credentials),
                    "read the registry credentials of " + image));
        }
        return accesses;
    }

    /**
     * What fetching the container's {@code secrets} and {@code environmentFiles} takes (EP302): a Secrets Manager
     * secret (its ARN without the {@code :json-key:version-stage:version-id} suffix) needs
     * {@code secretsmanager:GetSecretValue}; an SSM parameter, by ARN or by name (then in the task's region and
     * account), {@code ssm:GetParameters}; an S3 file {@code s3:GetObject} on it and {@code s3:GetBucketLocation} on
     * its bucket. References known only once deployed are left out.
     */
    public static List<Access> forSecrets(TaskDefinition task, ContainerDefinition container) {
        List<Access> accesses = new ArrayList<>();
        for (ContainerStartup.Secret secret : container.startup().secrets()) {
            String from = secret.valueFrom();
            if (from == null) {
                continue;
            }
            String purpose = "read secret " + secret.name();
            String key = secret.kmsKey();
            if (key != null && !key.contains("alias/aws/")) {
                // a customer-managed key: GetSecretValue and GetParameters decrypt with the caller's own kms:Decrypt
                String service = secretService(from);
                String via = service == null ? SSM : service;
                String region = from.startsWith("arn:") && from.split(":").length > 3
                        ? from.split(":")[3]
                        : region(task, container);
                accesses.add(new Access(
                        "kms:Decrypt",
                        key,
                        purpose + " (its KMS key)",
                        region.equals(ExecutionRoleEvidence.UNKNOWN_FIELD) || TaskDefinition.isUnknown(region)
                                ? Map.of()
                                : Map.of("kms:ViaService", via + "." + region + ".amazonaws.com")));
            }
            if (TaskDefinition.isUnknown(from)) {
                // a reference to a secret or parameter of the same configuration: judged only against a policy that
                // names the same reference (or "*"); what it is, its name tells
                String service = REFERENCE.matcher(from).matches() ? secretService(from) : null;
                if (service != null) {
                    accesses.add(new Access(
                            service.equals(SECRETS_MANAGER) ? "secretsmanager:GetSecretValue" : "ssm:GetParameters",
                            from,
                            purpose));
                }
                continue;
            }
            if (SECRETS_MANAGER.equals(secretService(from))) {
                accesses.add(new Access("secretsmanager:GetSecretValue", secretArn(from), purpose));
            } else if (from.matches("arn:aws[a-z-]*:ssm:.*")) {
                accesses.add(new Access("ssm:GetParameters", from, purpose));
            } else {
                String name = from.startsWith("/") ? from.substring(1) : from;
                accesses.add(new Access(
                        "ssm:GetParameters",
                        "arn:aws:ssm:" + region(task, container) + ":" + account(task) + ":parameter/" + name,
                        purpose));
            }
        }
        for (String file : container.startup().environmentFiles()) {
            if (TaskDefinition.isUnknown(file) || !file.matches("arn:aws[a-z-]*:s3:::[^/]+/.+")) {
                continue;
            }
            String purpose = "read environment file " + file;
            accesses.add(new Access("s3:GetObject", file, purpose));
            accesses.add(new Access("s3:GetBucketLocation", file.substring(0, file.indexOf('/')), purpose));
        }
        return accesses;
    }

    /** One whole reference known only once deployed: {@code ${aws_secretsmanager_secret.db.arn}}, {@code ${DbSecret}}. */
    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{[^{}]+}$");

    static final String SECRETS_MANAGER = "secretsmanager";
    static final String SSM = "ssm";

    /**
     * Where ECS reads a secret's value from: {@value #SECRETS_MANAGER} for a Secrets Manager ARN, {@value #SSM} for an
     * SSM parameter's ARN or name; for a value known only once deployed, what the resource it names says
     * ({@code ${aws_ssm_parameter.flags.arn}}, {@code ${aws_secretsmanager_secret.db.arn}}), else null.
     */
    public static String secretService(String valueFrom) {
        if (!TaskDefinition.isUnknown(valueFrom)) {
            return valueFrom.matches("arn:aws[a-z-]*:secretsmanager:.*") ? SECRETS_MANAGER : SSM;
        }
        String named = valueFrom.toLowerCase(java.util.Locale.ROOT);
        if (named.contains("ssm") || named.contains("parameter")) {
            return SSM;
        }
        return named.contains("secret") ? SECRETS_MANAGER : null;
    }

    /** A secret's ARN as IAM names it: without the {@code :json-key:version-stage:version-id} a task may add. */
    public static String secretArn(String valueFrom) {
        String[] parts = valueFrom.split(":");
        return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : valueFrom;
    }

    private static String account(TaskDefinition task) {
        String role = task.executionRoleArn();
        Matcher arn = role == null
                ? null
                : Pattern.compile("^arn:aws[a-z-]*:iam::(\\d{12}):.*").matcher(role);
        return arn != null && arn.matches() ? arn.group(1) : ExecutionRoleEvidence.UNKNOWN_FIELD;
    }

    private static String region(TaskDefinition task, ContainerDefinition container) {
        for (ContainerDefinition each : task.containers()) {
            LogConfiguration logs = each.logConfiguration();
            String region = logs == null ? null : logs.option("awslogs-region");
            if (region != null && region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
                return region;
            }
        }
        Matcher ecr = container.image() == null ? null : ECR_IMAGE.matcher(container.image());
        return ecr != null && ecr.matches() ? ecr.group(2) : ExecutionRoleEvidence.UNKNOWN_FIELD;
    }
}
