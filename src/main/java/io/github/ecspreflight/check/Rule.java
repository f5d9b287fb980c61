package io.github.ecspreflight.check;

import java.util.Arrays;
import java.util.Optional;

/** The checks, with the stable ids and severities that users name in {@code skipRules} and CI reads in reports. */
public enum Rule {
    EP001(Severity.ERROR, "Image platform differs from the task's CPU architecture",
            "The image was built for another CPU than the one ECS runs the task on; the container dies with "
                    + "\"exec format error\"."),
    EP002(Severity.ERROR, "Image OS differs from the task's operating system family",
            "A Linux image cannot start on a Windows task and a Windows image needs the matching Windows Server version."),
    EP003(Severity.ERROR, "Image index lacks the task's platform",
            "The multi-platform image has no manifest for the platform ECS runs the task on."),
    EP004(Severity.ERROR, "Entrypoint executable cannot run on the target",
            "The entrypoint is a binary for another CPU or OS, or not an executable format at all."),
    EP005(Severity.ERROR, "Entrypoint, interpreter or ELF loader missing",
            "The kernel cannot find the entrypoint, its #! interpreter or its dynamic loader in the image."),
    EP006(Severity.ERROR, "Entrypoint is not executable", "The entrypoint file has no execute permission."),
    EP007(Severity.WARNING, "Target CPU architecture unknown",
            "Nothing in the task definition fixes the CPU architecture, so ECS may place it on any."),
    EP101(Severity.ERROR, "Essential container without logConfiguration",
            "When the container exits nobody can see why: ECS keeps no output without a log driver."),
    EP102(Severity.ERROR, "Log driver not allowed", "The container logs to a driver this build does not allow."),
    EP103(Severity.ERROR, "Incomplete awslogs options",
            "awslogs needs awslogs-group and awslogs-region, and on Fargate awslogs-stream-prefix."),
    EP104(Severity.ERROR, "awslogs on Fargate without an execution role",
            "Fargate writes awslogs with the task execution role; without one the task cannot start."),
    EP105(Severity.WARNING, "Execution role cannot write the logs",
            "The execution role lacks logs:CreateLogStream, logs:PutLogEvents or, with awslogs-create-group, "
                    + "logs:CreateLogGroup."),
    EP201(Severity.WARNING, "Task definition does not reference the built image",
            "No container of the task definition runs the repository this build produced.");

    private final Severity severity;
    private final String title;
    private final String help;

    Rule(Severity severity, String title, String help) {
        this.severity = severity;
        this.title = title;
        this.help = help;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    public String help() {
        return help;
    }

    public static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(id.trim())).findFirst();
    }
}
