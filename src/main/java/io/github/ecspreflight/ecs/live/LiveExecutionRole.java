package io.github.ecspreflight.ecs.live;

import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ExecutionRoleActions;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import io.github.ecspreflight.iam.Grant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EP105 evidence from IAM itself: which of the actions awslogs needs ({@code logs:CreateLogStream},
 * {@code logs:PutLogEvents}, and {@code logs:CreateLogGroup} with {@code awslogs-create-group}) IAM's policy simulator
 * allows the execution role on the log groups' ARNs ({@code arn:aws:logs:REGION:ACCOUNT:log-group:GROUP:*}). The
 * evidence is complete and holds exactly the allowed ones among the required actions, so that the check names the
 * others. When IAM cannot be asked (the caller may not call {@code iam:SimulatePrincipalPolicy}), a note says so and
 * nothing is judged: the build does not fail for a permission it only wanted to look at.
 */
public final class LiveExecutionRole {

    /** {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:...}: the partition and account. */
    private static final Pattern ARN = Pattern.compile("arn:([a-z0-9-]+):[a-z0-9-]+:[a-z0-9-]*:(\\d{12}):.*");

    /** What the simulator's caller sees as the source of the evidence. */
    public static final String SIMULATOR = "IAM policy simulator";

    private LiveExecutionRole() {}

    /** IAM's policy simulator, as the live loaders reach it. */
    @FunctionalInterface
    public interface PolicySimulator {

        /**
         * What IAM says of {@code actions} for {@code roleArn} on every one of {@code resourceArns}, the call carrying
         * the condition keys of {@code context}.
         *
         * @throws Unavailable when IAM cannot be asked; its message says why, in words for the user
         */
        Answer allowed(String roleArn, List<String> actions, List<String> resourceArns, Map<String, String> context)
                throws Unavailable;
    }

    /**
     * The simulator's answer.
     *
     * @param allowed the actions it allows
     * @param undecided the actions it denies only for want of a condition key's value ({@code MissingContextValues}),
     *     which the deployed call may carry: not a denial
     */
    public record Answer(Set<String> allowed, Set<String> undecided) {

        public Answer {
            allowed = Set.copyOf(allowed);
            undecided = Set.copyOf(undecided);
        }
    }

    /** IAM's simulator could not be asked: no permission to, an unknown role, IAM unreachable. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** IAM's {@code GetRole}, as the live loaders reach it: whether the role's trust policy lets ECS tasks assume it. */
    @FunctionalInterface
    public interface RoleTrust {

        /**
         * @return null when the trust policy cannot be judged
         * @throws Unavailable when IAM cannot be asked
         */
        Boolean trustsEcsTasks(String roleArn) throws Unavailable;
    }

    /**
     * Asks IAM about {@code task}'s execution role: the simulator for every call ECS makes with it before the
     * containers start (the awslogs actions on the log groups, the ECR pull on each repository, reading each secret,
     * parameter and environment file), one question per resource; {@code GetRole} for its trust policy. Null when there
     * is nothing to ask (no role, nothing it is needed for). What IAM would not answer is noted in {@code notes} and
     * left unjudged.
     *
     * @param taskDefinitionArn gives the account and partition when the role is named without an ARN; may be null
     * @param defaultRegion the region of the call, for containers whose awslogs options name none
     */
    public static ExecutionRoleEvidence evidence(
            TaskDefinition task,
            String taskDefinitionArn,
            String defaultRegion,
            PolicySimulator simulator,
            RoleTrust trust,
            Consumer<String> notes) {
        String role = task.executionRoleArn();
        if (role == null || role.isBlank() || TaskDefinition.isUnknown(role)) {
            return null;
        }
        String[] owner = partitionAndAccount(role);
        if (owner == null) {
            owner = partitionAndAccount(taskDefinitionArn);
            if (owner == null) {
                notes.accept("ecs-preflight: the execution role '" + role + "' is not an ARN, so IAM cannot be asked "
                        + "about it; EP105 and EP301-EP303 are not judged live");
                return null;
            }
            role = "arn:" + owner[0] + ":iam::" + owner[1] + ":role/" + role;
        }
        List<String> logActions = ExecutionRoleActions.forLogs(task);
        List<String> groups = logGroupArns(task, owner[0], owner[1], defaultRegion);
        Map<String, Set<String>> byResource = new LinkedHashMap<>();
        Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
        for (String group : groups) {
            byResource.computeIfAbsent(group, g -> new LinkedHashSet<>()).addAll(logActions);
        }
        for (ContainerDefinition container : task.containers()) {
            List<ExecutionRoleActions.Access> accesses = new ArrayList<>(ExecutionRoleActions.forPull(container));
            accesses.addAll(ExecutionRoleActions.forSecrets(task, container));
            for (ExecutionRoleActions.Access access : accesses) {
                String resource = access.resource()
                        .replaceFirst(
                                "^(arn:[^:]*:ssm:)" + Pattern.quote(ExecutionRoleEvidence.UNKNOWN_FIELD),
                                "$1" + defaultRegion)
                        .replace(ExecutionRoleEvidence.UNKNOWN_FIELD, owner[1]);
                byResource.computeIfAbsent(resource, r -> new LinkedHashSet<>()).add(access.action());
                if (!access.context().isEmpty()) {
                    contexts.computeIfAbsent(resource, r -> new LinkedHashMap<>())
                            .putAll(access.context());
                }
            }
        }
        if (byResource.isEmpty()) {
            return null;
        }
        // the region each call is made in, for policies that condition on aws:RequestedRegion
        for (String resource : byResource.keySet()) {
            String[] fields = resource.split(":", 6);
            String region = fields.length == 6 && !fields[3].isEmpty() ? fields[3] : defaultRegion;
            contexts.computeIfAbsent(resource, r -> new LinkedHashMap<>()).putIfAbsent("aws:RequestedRegion", region);
        }
        List<Grant> grants = new ArrayList<>();
        Set<String> allowedLogActions = new LinkedHashSet<>(logActions);
        String unavailable = null;
        for (Map.Entry<String, Set<String>> question : byResource.entrySet()) {
            Answer answer;
            try {
                answer = simulator.allowed(
                        role,
                        List.copyOf(question.getValue()),
                        List.of(question.getKey()),
                        contexts.getOrDefault(question.getKey(), Map.of()));
            } catch (Unavailable e) {
                unavailable = e.getMessage();
                break;
            }
            Set<String> allowed = answer.allowed();
            if (!allowed.isEmpty()) {
                grants.add(new Grant(allowed, List.of(question.getKey()), false));
            }
            if (!answer.undecided().isEmpty()) {
                // decided by a condition the simulator lacked a value for: neither allowed nor denied
                grants.add(new Grant(answer.undecided(), List.of(question.getKey()), true));
            }
            if (groups.contains(question.getKey())) {
                // an action the simulator could not decide for want of a condition value is not a denial either
                allowedLogActions.removeIf(action -> allowed.stream().noneMatch(action::equalsIgnoreCase)
                        && answer.undecided().stream().noneMatch(action::equalsIgnoreCase));
            }
        }
        ExecutionRoleEvidence.Trust trusted = ExecutionRoleEvidence.Trust.UNKNOWN;
        try {
            Boolean trusts = trust.trustsEcsTasks(role);
            trusted = new ExecutionRoleEvidence.Trust(trusts, SourceLocation.ofFile(task.source()));
        } catch (Unavailable e) {
            notes.accept("ecs-preflight: EP303 not judged live: " + e.getMessage());
        }
        if (unavailable != null) {
            notes.accept("ecs-preflight: EP105, EP301 and EP302 not judged live: " + unavailable);
        }
        return new ExecutionRoleEvidence(
                role,
                ExecutionRoleEvidence.Source.LIVE,
                unavailable == null,
                unavailable == null ? allowedLogActions : Set.of(),
                List.of(SIMULATOR),
                SourceLocation.ofFile(task.source()),
                unavailable == null ? grants : null,
                trusted);
    }

    /** The ARNs of the awslogs containers' log groups, {@code arn:PARTITION:logs:REGION:ACCOUNT:log-group:GROUP:*}. */
    public static List<String> logGroupArns(
            TaskDefinition task, String partition, String account, String defaultRegion) {
        Set<String> arns = new LinkedHashSet<>();
        for (ContainerDefinition container : task.containers()) {
            LogConfiguration logs = container.logConfiguration();
            if (logs == null || !"awslogs".equals(logs.logDriver())) {
                continue;
            }
            String group = logs.option("awslogs-group");
            String region = logs.option("awslogs-region");
            region = region == null || region.isBlank() ? defaultRegion : region;
            if (group == null
                    || group.isBlank()
                    || region == null
                    || TaskDefinition.isUnknown(group)
                    || TaskDefinition.isUnknown(region)) {
                continue; // EP103 names what is missing
            }
            arns.add("arn:" + partition + ":logs:" + region + ":" + account + ":log-group:" + group + ":*");
        }
        return List.copyOf(arns);
    }

    /** {partition, account} of an ARN, or null when it is none. */
    static String[] partitionAndAccount(String arn) {
        if (arn == null) {
            return null;
        }
        Matcher matcher = ARN.matcher(arn);
        return matcher.matches() ? new String[] {matcher.group(1), matcher.group(2)} : null;
    }
}
