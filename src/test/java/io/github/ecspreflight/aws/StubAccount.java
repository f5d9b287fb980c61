package io.github.ecspreflight.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One AWS account as the loopback {@link AwsStub} serves it, consistent across services: the execution role's
 * permissions (the policy simulator answers each asked action on each asked resource from them), its trust policy
 * ({@code GetRole}), and which secrets, parameters, S3 objects and log groups exist. The answers are in each service's
 * documented wire format: IAM query XML, AWS JSON 1.1 for Secrets Manager, SSM and CloudWatch Logs, S3 REST status
 * codes.
 */
final class StubAccount {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An Allow statement; with a condition key, only when the call carries it with that value. */
    private record Allow(Pattern action, Pattern resource, String conditionKey, String conditionValue) {}

    private final List<Allow> allowed = new ArrayList<>();
    private String trustedService = "ecs-tasks.amazonaws.com";
    private final Set<String> secrets = new LinkedHashSet<>();
    private final Set<String> parameters = new LinkedHashSet<>();
    private final Set<String> objects = new LinkedHashSet<>();
    private final Set<String> logGroups = new LinkedHashSet<>();

    /** The managed policy's ECR pull and log writing on everything, as most execution roles have. */
    static StubAccount withTaskExecutionPolicy() {
        return new StubAccount()
                .allow("ecr:GetAuthorizationToken", "*")
                .allow("ecr:BatchCheckLayerAvailability", "*")
                .allow("ecr:GetDownloadUrlForLayer", "*")
                .allow("ecr:BatchGetImage", "*")
                .allow("logs:CreateLogStream", "*")
                .allow("logs:PutLogEvents", "*");
    }

    StubAccount allow(String action, String resource) {
        allowed.add(new Allow(glob(action), glob(resource), null, null));
        return this;
    }

    /** An Allow with a StringEquals condition on {@code key}, as IAM's simulator evaluates it from ContextEntries. */
    StubAccount allowIf(String action, String resource, String key, String value) {
        allowed.add(new Allow(glob(action), glob(resource), key, value));
        return this;
    }

    StubAccount trusting(String service) {
        trustedService = service;
        return this;
    }

    StubAccount secret(String arn) {
        secrets.add(arn);
        return this;
    }

    StubAccount parameter(String name) {
        parameters.add(name);
        return this;
    }

    StubAccount object(String bucket, String key) {
        objects.add("/" + bucket + "/" + key);
        return this;
    }

    StubAccount logGroup(String name) {
        logGroups.add(name);
        return this;
    }

    /** Serves this account's answers on {@code stub}. */
    AwsStub install(AwsStub stub) {
        return stub.answerWith("SimulatePrincipalPolicy", this::simulate)
                .answerWith("GetRole", this::getRole)
                .answerWith("DescribeSecret", this::describeSecret)
                .answerWith("DescribeParameters", this::describeParameters)
                .answerWith("HeadObject", this::headObject)
                .answerWith("DescribeLogGroups", this::describeLogGroups);
    }

    private AwsStub.Response simulate(AwsStub.Request request) {
        StringBuilder results = new StringBuilder();
        List<String> resources = request.members("ResourceArns");
        Map<String, String> context = new java.util.HashMap<>();
        for (int i = 1; request.parameter("ContextEntries.member." + i + ".ContextKeyName") != null; i++) {
            context.put(
                    request.parameter("ContextEntries.member." + i + ".ContextKeyName"),
                    request.parameter("ContextEntries.member." + i + ".ContextKeyValues.member.1"));
        }
        for (String action : request.members("ActionNames")) {
            boolean all = true;
            Set<String> missing = new LinkedHashSet<>();
            StringBuilder perResource = new StringBuilder();
            for (String resource : resources.isEmpty() ? List.of("*") : resources) {
                boolean ok = false;
                for (Allow allow : allowed) {
                    if (!allow.action().matcher(action).matches()
                            || !allow.resource().matcher(resource).matches()) {
                        continue;
                    }
                    if (allow.conditionKey() == null) {
                        ok = true;
                    } else if (!context.containsKey(allow.conditionKey())) {
                        missing.add(allow.conditionKey());
                    } else {
                        ok |= allow.conditionValue().equals(context.get(allow.conditionKey()));
                    }
                }
                all &= ok;
                perResource
                        .append("<member><EvalResourceName>")
                        .append(resource)
                        .append("</EvalResourceName>")
                        .append("<EvalResourceDecision>")
                        .append(ok ? "allowed" : "implicitDeny")
                        .append("</EvalResourceDecision><MatchedStatements/><MissingContextValues/></member>");
            }
            StringBuilder missingXml = new StringBuilder();
            missing.forEach(key -> missingXml.append("<member>").append(key).append("</member>"));
            results.append("<member><EvalActionName>")
                    .append(action)
                    .append("</EvalActionName>")
                    .append("<EvalResourceName>*</EvalResourceName><EvalDecision>")
                    .append(all ? "allowed" : "implicitDeny")
                    .append("</EvalDecision><MatchedStatements/><MissingContextValues>")
                    .append(all ? "" : missingXml)
                    .append("</MissingContextValues><ResourceSpecificResults>")
                    .append(perResource)
                    .append("</ResourceSpecificResults></member>");
        }
        return xml(
                "<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                        + "<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>" + results
                        + "</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>"
                        + "1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>");
    }

    private AwsStub.Response getRole(AwsStub.Request request) {
        String name = request.parameter("RoleName");
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                + trustedService + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        return xml("<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRoleResult><Role>"
                + "<Path>/</Path><RoleName>" + name + "</RoleName><RoleId>AROAEXAMPLEID1234567</RoleId>"
                + "<Arn>arn:aws:iam::123456789012:role/" + name + "</Arn><CreateDate>2024-06-01T10:00:00Z</CreateDate>"
                + "<AssumeRolePolicyDocument>" + URLEncoder.encode(trust, StandardCharsets.UTF_8)
                + "</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></Role></GetRoleResult>"
                + "<ResponseMetadata><RequestId>2a3b4c5d-6e7f-4081-9283-a4b5c6d7e8f9</RequestId></ResponseMetadata>"
                + "</GetRoleResponse>");
    }

    private AwsStub.Response describeSecret(AwsStub.Request request) {
        String id = body(request).path("SecretId").asText();
        if (secrets.contains(id)) {
            return json(200, "{\"ARN\":\"" + id + "\",\"Name\":\"" + id.substring(id.lastIndexOf(':') + 1) + "\"}");
        }
        return json(
                400,
                "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the "
                        + "specified secret.\"}");
    }

    private AwsStub.Response describeParameters(AwsStub.Request request) {
        JsonNode filter = body(request).path("ParameterFilters").path(0);
        String name = filter.path("Values").path(0).asText();
        boolean equals = filter.path("Key").asText().equals("Name")
                && filter.path("Option").asText().equals("Equals");
        return json(
                200,
                equals && parameters.contains(name)
                        ? "{\"Parameters\":[{\"Name\":\"" + name + "\",\"Type\":\"SecureString\",\"Version\":3}]}"
                        : "{\"Parameters\":[]}");
    }

    private AwsStub.Response headObject(AwsStub.Request request) {
        String path = URLDecoder.decode(request.uri().replaceFirst("\\?.*", ""), StandardCharsets.UTF_8);
        return new AwsStub.Response(objects.contains(path) ? 200 : 404, "application/xml", "", 0);
    }

    private AwsStub.Response describeLogGroups(AwsStub.Request request) {
        String prefix = body(request).path("logGroupNamePrefix").asText();
        StringBuilder groups = new StringBuilder();
        for (String group : logGroups) {
            if (group.startsWith(prefix)) {
                groups.append(groups.length() == 0 ? "" : ",")
                        .append("{\"logGroupName\":\"")
                        .append(group)
                        .append("\",\"arn\":\"arn:aws:logs:eu-west-1:123456789012:log-group:")
                        .append(group)
                        .append(":*\"}");
            }
        }
        return json(200, "{\"logGroups\":[" + groups + "]}");
    }

    private static JsonNode body(AwsStub.Request request) {
        try {
            return JSON.readTree(request.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AwsStub.Response xml(String body) {
        return new AwsStub.Response(200, AwsStub.XML, body, 0);
    }

    private static AwsStub.Response json(int status, String body) {
        return new AwsStub.Response(status, AwsStub.JSON, body, 0);
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"), Pattern.CASE_INSENSITIVE);
    }
}
