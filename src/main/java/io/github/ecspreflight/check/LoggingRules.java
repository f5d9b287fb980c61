package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * EP101 to EP104: when an essential container exits, will anyone see why? Every essential container is checked,
 * not only the one the image runs in: any of them stopping stops the task.
 */
public final class LoggingRules implements RuleFamily {

    public static final Rule EP101 = Rule.of(
            "EP101",
            Severity.ERROR,
            "logging",
            "Essential container without logConfiguration",
            "When the container exits nobody can see why: ECS keeps no output without a log driver.");
    public static final Rule EP102 = Rule.of(
            "EP102",
            Severity.ERROR,
            "logging",
            "Log driver not allowed",
            "The container logs to a driver this build does not allow.");
    public static final Rule EP103 = Rule.of(
            "EP103",
            Severity.ERROR,
            "logging",
            "Incomplete awslogs options",
            "awslogs needs awslogs-group and awslogs-region, and on Fargate awslogs-stream-prefix.");
    public static final Rule EP104 = Rule.of(
            "EP104",
            Severity.ERROR,
            "logging",
            "awslogs on Fargate without an execution role",
            "Fargate writes awslogs with the task execution role; without one the task cannot start.");

    private static final String INVISIBLE =
            "when it exits, the task stops with \"Essential container in task " + "exited\" and its output is lost";

    @Override
    public List<Rule> rules() {
        return List.of(EP101, EP102, EP103, EP104);
    }

    @Override
    public void check(CheckContext context, Verdicts findings) {
        for (ContainerDefinition container : context.task().containers()) {
            if (container.essential()) {
                checkContainer(context.task(), context.deployed().fargate(), container, context.options(), findings);
            }
        }
    }

    private static void checkContainer(
            TaskDefinition task,
            boolean fargate,
            ContainerDefinition container,
            CheckOptions options,
            Verdicts findings) {
        String name = "Essential container '" + container.name() + "'";
        LogConfiguration logs = container.logConfiguration();
        if (logs == null || logs.logDriver() == null) {
            findings.report(Finding.of(
                    EP101,
                    name + " has no logConfiguration: " + INVISIBLE + ".",
                    container.location(),
                    Remedies.addLogConfiguration(task, container)));
            return;
        }
        if (TaskDefinition.isUnknown(logs.logDriver())) {
            findings.notRun(
                    List.of(EP102, EP103, EP104),
                    "the log driver of container '" + container.name() + "' is " + logs.logDriver()
                            + ", which cannot be known before deployment");
            return;
        }
        if (!options.allowedLogDrivers().contains(logs.logDriver())) {
            findings.report(Finding.of(
                    EP102,
                    name + " logs with '" + logs.logDriver() + "', which is not in "
                            + "allowedLogDrivers ("
                            + String.join(
                                    ", ",
                                    options.allowedLogDrivers().stream()
                                            .sorted()
                                            .toList())
                            + "): its output may never reach the place this team looks.",
                    logs.location(),
                    Remedies.allowedLogDriver(task, container, logs.logDriver())));
        }
        if (!"awslogs".equals(logs.logDriver())) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String option : List.of("awslogs-group", "awslogs-region")) {
            if (isBlank(logs.option(option))) {
                missing.add(option);
            }
        }
        if (fargate && isBlank(logs.option("awslogs-stream-prefix"))) {
            missing.add("awslogs-stream-prefix");
        }
        if (!missing.isEmpty()) {
            findings.report(Finding.of(
                    EP103,
                    name + "'s awslogs options lack " + String.join(", ", missing)
                            + (missing.contains("awslogs-stream-prefix") ? " (required on Fargate)" : "")
                            + ": ECS refuses to start the container or its logs cannot be found.",
                    logs.location(),
                    Remedies.addAwslogsOptions(missing, container)));
        }
        if (fargate && isBlank(task.executionRoleArn())) {
            findings.report(Finding.of(
                    EP104,
                    name + " logs with awslogs on Fargate but the task definition has "
                            + "no executionRoleArn: Fargate cannot write the logs and the task fails to start.",
                    task.locations().executionRoleArn(),
                    Remedies.setExecutionRole()));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
