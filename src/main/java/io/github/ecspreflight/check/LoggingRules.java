package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * EP101 to EP104: when an essential container exits, will anyone see why? Every essential container is checked,
 * not only the one the image runs in: any of them stopping stops the task.
 */
final class LoggingRules {

    private static final String INVISIBLE = "when it exits, the task stops with \"Essential container in task "
            + "exited\" and its output is lost";

    private LoggingRules() {}

    static List<Finding> check(TaskDefinition task, CheckOptions options) {
        List<Finding> findings = new ArrayList<>();
        for (ContainerDefinition container : task.containers()) {
            if (container.essential()) {
                checkContainer(task, container, options, findings);
            }
        }
        return findings;
    }

    private static void checkContainer(TaskDefinition task, ContainerDefinition container, CheckOptions options,
            List<Finding> findings) {
        String name = "Essential container '" + container.name() + "'";
        LogConfiguration logs = container.logConfiguration();
        if (logs == null || logs.logDriver() == null) {
            findings.add(Finding.of(Rule.EP101, name + " has no logConfiguration: " + INVISIBLE + ".",
                    container.location(), "add " + awslogsExample(task, container)));
            return;
        }
        if (TaskDefinition.isUnknown(logs.logDriver())) {
            return;
        }
        if (!options.allowedLogDrivers().contains(logs.logDriver())) {
            findings.add(Finding.of(Rule.EP102, name + " logs with '" + logs.logDriver() + "', which is not in "
                    + "allowedLogDrivers (" + String.join(", ", options.allowedLogDrivers().stream().sorted().toList())
                    + "): its output may never reach the place this team looks.", logs.location(),
                    "use " + awslogsExample(task, container) + ", or add '" + logs.logDriver() + "' to allowedLogDrivers"));
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
        if (task.requiresFargate() && isBlank(logs.option("awslogs-stream-prefix"))) {
            missing.add("awslogs-stream-prefix");
        }
        if (!missing.isEmpty()) {
            findings.add(Finding.of(Rule.EP103, name + "'s awslogs options lack " + String.join(", ", missing)
                    + (missing.contains("awslogs-stream-prefix") ? " (required on Fargate)" : "")
                    + ": ECS refuses to start the container or its logs cannot be found.", logs.location(),
                    "add " + missing.stream().map(o -> "\"" + o + "\": \"" + placeholder(o, container) + "\"")
                            .collect(Collectors.joining(", ")) + " to its logConfiguration options"));
        }
        if (task.requiresFargate() && isBlank(task.executionRoleArn())) {
            findings.add(Finding.of(Rule.EP104, name + " logs with awslogs on Fargate but the task definition has "
                    + "no executionRoleArn: Fargate cannot write the logs and the task fails to start.",
                    task.locations().executionRoleArn(),
                    "set executionRoleArn to a role with the AmazonECSTaskExecutionRolePolicy managed policy"));
        }
    }

    private static String awslogsExample(TaskDefinition task, ContainerDefinition container) {
        return "\"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": {\"awslogs-group\": \"/ecs/"
                + (task.family() == null ? container.name() : task.family())
                + "\", \"awslogs-region\": \"REGION\", \"awslogs-stream-prefix\": \"" + container.name() + "\"}}";
    }

    private static String placeholder(String option, ContainerDefinition container) {
        return switch (option) {
            case "awslogs-group" -> "/ecs/" + container.name();
            case "awslogs-region" -> "REGION";
            default -> container.name();
        };
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
