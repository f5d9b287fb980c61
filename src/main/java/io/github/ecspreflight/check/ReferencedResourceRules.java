package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.LiveResources;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EP106 and EP304 (live): does what the task definition references exist? Its awslogs log group (unless
 * {@code awslogs-create-group} lets ECS create it), and the secrets, SSM parameters and S3 environment files the
 * execution role fetches. Known only from AWS's own metadata calls, so only for a live source ({@code ecs:},
 * cluster and service); a static source leaves them not run.
 */
public final class ReferencedResourceRules implements RuleFamily {

    public static final Rule EP106 = Rule.of(
            "EP106",
            Severity.ERROR,
            "logs",
            "Log group missing",
            "The awslogs-group does not exist and awslogs-create-group is not \"true\".");

    public static final Rule EP304 = Rule.of(
            "EP304",
            Severity.ERROR,
            "iam",
            "Referenced secret, parameter or file missing",
            "A secret, SSM parameter or S3 environment file the task definition references does not exist.");

    private static final List<Rule> RULES = List.of(EP106, EP304);

    private static final String STATIC = "only a live source (ecs:FAMILY, or cluster and service) asks AWS whether ";

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) {
        TaskDefinition task = context.task();
        List<LiveResources.Resource> referenced = LiveResources.referencedBy(task, null);
        boolean logGroups = referenced.stream().anyMatch(r -> r.kind() == LiveResources.Kind.LOG_GROUP);
        boolean others = referenced.stream().anyMatch(r -> r.kind() != LiveResources.Kind.LOG_GROUP);
        LiveResources live = context.deployed().deployment().liveResources();
        if (live == null) {
            if (logGroups) {
                verdicts.notRun(EP106, STATIC + "the log group exists");
            }
            if (others) {
                verdicts.notRun(EP304, STATIC + "the secrets and files exist");
            }
            return;
        }
        List<String> missingSecrets = new ArrayList<>();
        for (Map.Entry<LiveResources.Resource, Boolean> entry : live.exists().entrySet()) {
            if (entry.getValue()) {
                continue;
            }
            LiveResources.Resource resource = entry.getKey();
            if (resource.kind() == LiveResources.Kind.LOG_GROUP) {
                verdicts.report(Finding.of(
                        EP106,
                        "The log group " + resource.id() + " does not exist in " + resource.region()
                                + ", and awslogs-create-group is not \"true\": ECS stops the task before it starts with "
                                + "\"ResourceInitializationError: failed to validate logger args: ... The specified log "
                                + "group does not exist\".",
                        task.locations().resource(),
                        Remedies.createLogGroup(resource.id(), resource.region())));
            } else {
                missingSecrets.add(describe(resource));
            }
        }
        if (!missingSecrets.isEmpty()) {
            verdicts.report(Finding.of(
                    EP304,
                    "The task definition references what does not exist: " + String.join("; ", missingSecrets)
                            + ". ECS stops the task before any container starts with \"ResourceInitializationError: "
                            + "unable to pull secrets or registry auth\" (or \"unable to download env files\").",
                    task.locations().resource(),
                    Remedies.createReferenced()));
        }
        String logsWhy = live.unavailable().get(LiveResources.Kind.LOG_GROUP);
        if (logsWhy != null) {
            verdicts.notRun(EP106, logsWhy);
        }
        for (LiveResources.Kind kind :
                List.of(LiveResources.Kind.SECRET, LiveResources.Kind.PARAMETER, LiveResources.Kind.ENVIRONMENT_FILE)) {
            String why = live.unavailable().get(kind);
            if (why != null && missingSecrets.isEmpty()) {
                verdicts.notRun(EP304, why);
                break;
            }
        }
    }

    private static String describe(LiveResources.Resource resource) {
        return switch (resource.kind()) {
            case SECRET -> "the Secrets Manager secret " + resource.id();
            case PARAMETER -> "the SSM parameter " + resource.id() + " in " + resource.region();
            case ENVIRONMENT_FILE -> "the S3 environment file " + resource.id();
            case LOG_GROUP -> "the log group " + resource.id();
        };
    }
}
