package io.github.ecspreflight.ecs;

import java.util.ArrayList;
import java.util.List;

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
}
