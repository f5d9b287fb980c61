package io.github.ecspreflight.check;

import io.github.ecspreflight.binary.ExecutableFormat;
import io.github.ecspreflight.binary.JavaClassFile;
import io.github.ecspreflight.binary.MachOBinary;
import io.github.ecspreflight.binary.NotExecutable;
import io.github.ecspreflight.binary.PeExecutable;
import io.github.ecspreflight.binary.TruncatedElf;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskPlatform;
import io.github.ecspreflight.iam.ManagedPolicies;
import io.github.ecspreflight.image.Platform;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every fix a finding gives, worded for the tool that built the image and the format the task definition is kept
 * in: the one place to read or change what the plugin tells users to do.
 */
final class Remedies {

    private Remedies() {}

    // Platform (EP001, EP002, EP003, EP007)

    /** EP007: fix the CPU, to the image's own when it has one. */
    static String pinArchitecture(TaskDefinition task, String imageArchitecture) {
        String ecsArchitecture = TaskPlatform.ecsArchitecture(imageArchitecture);
        return giveInput(task.cpuArchitecture(), ecsArchitecture == null ? "ARM64" : ecsArchitecture)
                + "pin it: " + runTaskOn(task, ecsArchitecture)
                + ", or add the placement constraint memberOf attribute:ecs.cpu-architecture == "
                + ecsAttributeValue(imageArchitecture);
    }

    /** {@code ${var.name}} (Terraform) or {@code ${Name}} (a CloudFormation parameter): an input the user can give. */
    private static final java.util.regex.Pattern INPUT =
            java.util.regex.Pattern.compile("\\$\\{(?:var\\.)?([A-Za-z_][A-Za-z0-9_-]*)}");

    /** When the unknown value is a deployment input: how to give it, as the deploy command would. */
    private static String giveInput(String value, String example) {
        if (value == null) {
            return "";
        }
        java.util.regex.Matcher input = INPUT.matcher(value);
        if (!input.matches()) {
            return "";
        }
        String name = input.group(1);
        boolean terraform = value.startsWith("${var.");
        return "give " + (terraform ? "var." + name : "parameter " + name) + " the value the deployment gets "
                + "(-DecsPreflight.variables=" + name + "=" + example + ", or <variables><" + name + ">" + example
                + "</" + name + "></variables> in the pom"
                + (terraform ? ", a .tfvars file in varFiles, or TF_VAR_" + name : ", as --parameter-overrides would")
                + "), or ";
    }

    /** EP003: add the task's platform to the index, or move the task to what the index offers. */
    static String addPlatform(
            ImageBuilder builder, Platform wanted, TaskDefinition task, String offeredEcsArchitecture) {
        String platform = wanted.os() + "/" + wanted.architecture();
        String add = switch (builder) {
            case JIB ->
                "add <platform> " + platform + " to Jib's <from><platforms> (Jib builds an index with one "
                        + "manifest per platform)";
            case SPRING_BOOT ->
                "spring-boot:build-image builds one platform at a time; set <imagePlatform>" + platform
                        + "</imagePlatform>";
            case FABRIC8 -> "add <platform>" + platform + "</platform> to docker-maven-plugin's <buildx><platforms>";
            case DOCKER -> "docker buildx build --platform linux/amd64,linux/arm64 (include " + platform + ")";
        };
        return add + "; or " + runTaskOn(task, offeredEcsArchitecture);
    }

    /** EP002: build for the task's OS, or change the task's. */
    static String matchOs(ImageBuilder builder, Platform wanted) {
        return buildFor(builder, wanted.os(), wanted.architecture())
                + ", or set runtimePlatform.operatingSystemFamily to match the image";
    }

    /** EP002: a Windows image for another Windows Server build. */
    static String matchWindowsBuild(String osVersion) {
        return "build FROM a base image for " + osVersion + ", or set operatingSystemFamily to the image's Windows "
                + "Server version";
    }

    /** EP001: build for the task's CPU, or run the task on the image's, or build where the task runs. */
    static String matchArchitecture(ImageBuilder builder, TaskDefinition task, Platform wanted, Platform actual) {
        String fix = buildFor(builder, wanted.os(), wanted.architecture());
        if ("arm64".equals(actual.architecture()) || "amd64".equals(actual.architecture())) {
            fix += "; or " + runTaskOn(task, TaskPlatform.ecsArchitecture(actual.architecture()));
        }
        return fix + "; or build in CI on an " + TaskPlatform.ecsArchitecture(wanted.architecture())
                + " runner, so the image matches what ECS runs";
    }

    /** How to build the image for a platform ({@code linux/amd64}) with the tool that built it. */
    private static String buildFor(ImageBuilder builder, String os, String architecture) {
        return switch (builder) {
            case JIB ->
                "build for " + os + "/" + architecture + " with Jib: <from><platforms><platform><os>" + os
                        + "</os><architecture>" + architecture + "</architecture></platform></platforms></from>";
            case SPRING_BOOT ->
                "build for " + os + "/" + architecture + " with spring-boot:build-image: " + "<imagePlatform>" + os
                        + "/" + architecture + "</imagePlatform> (Spring Boot 3.4+)";
            case FABRIC8 ->
                "build for " + os + "/" + architecture + " with docker-maven-plugin: " + "<buildx><platforms><platform>"
                        + os + "/" + architecture + "</platform></platforms></buildx>";
            case DOCKER ->
                "build for " + os + "/" + architecture + ": docker buildx build --platform " + os + "/" + architecture;
        };
    }

    /** How to make the task run on an architecture, in the task definition's own format. */
    private static String runTaskOn(TaskDefinition task, String ecsArchitecture) {
        String snippet = switch (task.format()) {
            case TERRAFORM, TERRAFORM_PLAN -> "runtime_platform { cpu_architecture = \"" + ecsArchitecture + "\" }";
            case CLOUDFORMATION ->
                "RuntimePlatform: { CpuArchitecture: " + ecsArchitecture + ", OperatingSystemFamily: LINUX }";
            case ECS_JSON, LIVE ->
                "\"runtimePlatform\": {\"cpuArchitecture\": \"" + ecsArchitecture
                        + "\", \"operatingSystemFamily\": \"LINUX\"}";
        };
        String where = switch (task.format()) {
            case LIVE -> "register a new revision with ";
            case TERRAFORM_PLAN -> "in the Terraform configuration, set ";
            default -> "set ";
        };
        return where + snippet + ("ARM64".equals(ecsArchitecture) ? " to run the task on Graviton" : "");
    }

    /** ECS's {@code ecs.cpu-architecture} instance attribute says {@code x86_64} or {@code arm64}. */
    private static String ecsAttributeValue(String architecture) {
        return "amd64".equals(architecture) ? "x86_64" : architecture;
    }

    // Entrypoint (EP004, EP005, EP006)

    static String nameAProgram() {
        return "set an entrypoint in the image (Jib <container><entrypoint>, Dockerfile ENTRYPOINT) or entryPoint in "
                + "the container definition";
    }

    static String addProgram(String program, String commandSource) {
        return "add " + program + " to the image, or correct the path in " + commandSource;
    }

    static String pointAtAFile(String commandSource) {
        return "point " + commandSource + " at an executable file";
    }

    // Health check (EP011)

    /** EP011: a check the image can run. */
    static String runnableHealthCheck(String missingProgram) {
        String install = missingProgram == null
                ? ""
                : "install " + missingProgram + " in the image (Debian: apt-get install -y " + missingProgram
                        + "; Alpine: apk add " + missingProgram + "), or ";
        return install + "check with a program the image has: for a JVM service without a shell (Jib, distroless), a "
                + "CMD exec form that runs java itself (\"CMD\", \"java\", \"-cp\", ... a small health client), or "
                + "leave the check to the load balancer's target group";
    }

    /** EP011: the command's first element. */
    static String healthCheckForm() {
        return "start healthCheck.command with \"CMD\" (exec form), \"CMD-SHELL\" (through /bin/sh) or \"NONE\"";
    }

    // Heap (EP012)

    /** EP012: a heap that leaves room below the limit, or a limit above the heap. */
    static String lowerHeap(int limitMiB, boolean containerLimit) {
        return "set the heap below the limit, leaving room for the JVM's own memory: -Xmx" + (limitMiB * 3 / 4)
                + "m (three quarters of " + limitMiB + " MiB), or -XX:MaxRAMPercentage=75 instead of -Xmx (Jib "
                + "<container><jvmFlags>, JAVA_TOOL_OPTIONS); or raise "
                + (containerLimit ? "the container's" : "the task's")
                + " memory above the heap";
    }

    // Java runtime (EP008)

    /** EP008: a runtime as new as the classes, or classes for the runtime. */
    static String matchJava(int needs, int runtime, ImageBuilder builder) {
        String base = switch (builder) {
            case JIB ->
                "build FROM a Java " + needs + " runtime: Jib <from><image>eclipse-temurin:" + needs
                        + "-jre</image></from>";
            case SPRING_BOOT ->
                "build with a Java " + needs + " runtime: <image><env><BP_JVM_VERSION>" + needs
                        + "</BP_JVM_VERSION></env></image> for spring-boot:build-image";
            case FABRIC8, DOCKER -> "build FROM a Java " + needs + " runtime (FROM eclipse-temurin:" + needs + "-jre)";
        };
        return base + "; or compile for the runtime: <maven.compiler.release>" + runtime + "</maven.compiler.release>";
    }

    // Shared libraries (EP009)

    /** EP009: put the library where the loader looks, or need none. */
    static String provideLibrary(String library, ImageBuilder builder) {
        String base = builder == ImageBuilder.JIB || builder == ImageBuilder.SPRING_BOOT
                ? "build FROM a base image that has it (Jib <from><image>)"
                : "install the package that ships it in the Dockerfile (Debian: apt-get install, e.g. zlib1g for "
                        + "libz.so.1; Alpine: apk add)";
        return base + ", copy " + library + " with the program into a directory on its RUNPATH (gcc "
                + "-Wl,-rpath,'$ORIGIN/../lib'), or link the program statically";
    }

    // User (EP010)

    /** EP010: give the image the user, or run as a uid that needs no entry. */
    static String addUser(String user, String source, ImageBuilder builder) {
        String add = switch (builder) {
            case JIB, SPRING_BOOT ->
                "build FROM a base image that has the user " + user + " (Jib <from><image>), or set "
                        + (source.startsWith("user in") ? "user" : "Jib <container><user>") + " to a numeric uid:gid "
                        + "such as 1000:1000, which needs no /etc/passwd entry";
            case FABRIC8, DOCKER ->
                "add it in the Dockerfile before USER (Debian: RUN useradd --uid 1000 " + user
                        + "; Alpine: RUN adduser -D " + "-u 1000 " + user
                        + "), or run as a numeric uid:gid such as 1000:1000";
        };
        return add
                + (source.startsWith("user in") ? "; or remove user from the task definition to keep the image's" : "");
    }

    /** EP010: give the image the group, or name a gid. */
    static String addGroup(String group, String source, ImageBuilder builder) {
        return (builder == ImageBuilder.DOCKER || builder == ImageBuilder.FABRIC8
                        ? "add it in the Dockerfile (Debian: RUN groupadd --gid 1000 " + group
                                + "; Alpine: RUN addgroup -g " + "1000 " + group + "), or "
                        : "")
                + "name the group by a numeric gid (" + (source.startsWith("user in") ? "user" : "USER")
                + " NAME:1000)";
    }

    static String makeExecutable() {
        return "make it executable before it enters the image: chmod +x, Jib <extraDirectories><permissions> "
                + "mode 755, or Dockerfile COPY --chmod=755";
    }

    static String rebuildFor(String architecture) {
        String ecsArchitecture = TaskPlatform.ecsArchitecture(architecture);
        return "rebuild it for linux/" + architecture + ": cross-compile (GOOS=linux GOARCH=" + architecture
                + ", or a C toolchain for " + ecsArchitecture.toLowerCase() + "), or compile it in a multi-stage build "
                + "run with --platform linux/" + architecture + ", or in CI on an " + ecsArchitecture + " runner; a "
                + "binary built on the host is built for the host's CPU";
    }

    static String provideLoader(String interpreter) {
        return "link it statically (CGO_ENABLED=0 for Go, -static for C), or build FROM a base image with the C "
                + "library it was linked against (glibc's " + interpreter + "; musl bases such as Alpine and "
                + "scratch/distroless-static have none)";
    }

    static String useLfLineEndings() {
        return "convert it to LF line endings (dos2unix, or `*.sh text eol=lf` in .gitattributes so Git on Windows "
                + "stops adding CRs)";
    }

    static String startFinalInterpreter() {
        return "start the final interpreter directly";
    }

    static String installInterpreter(String interpreter) {
        return "install " + interpreter + " in the image (a scratch or distroless base has no shell), or start a "
                + "binary directly";
    }

    static String installEnvProgram(String program) {
        return "install " + program + " in the image, or set PATH to where it is";
    }

    /** EP004 for a file the kernel cannot execute: what it is decides the fix. */
    static String executableFor(ExecutableFormat format, String architecture) {
        if (format instanceof MachOBinary) {
            return "it is a macOS binary: build it for Linux (GOOS=linux GOARCH=" + architecture + ", or compile it "
                    + "inside the image build for --platform linux/" + architecture + ")";
        }
        if (format instanceof PeExecutable) {
            return "it is a Windows binary: build it for Linux (GOOS=linux GOARCH=" + architecture + ")";
        }
        if (format instanceof JavaClassFile
                || format instanceof NotExecutable n && n.looksLike().contains("Zip")) {
            return "start it through java: entrypoint [\"java\", \"-jar\", \"/app/app.jar\"] on a base image with a JRE";
        }
        if (format instanceof TruncatedElf) {
            return "the binary is cut short: rebuild the image from a complete build output";
        }
        return "add a #! line naming its interpreter (and make it executable), or start it through its interpreter "
                + "in the entrypoint";
    }

    // Logging (EP101 to EP105)

    static String addLogConfiguration(TaskDefinition task, ContainerDefinition container) {
        return "add " + awslogsExample(task, container);
    }

    static String allowedLogDriver(TaskDefinition task, ContainerDefinition container, String driver) {
        return "use " + awslogsExample(task, container) + ", or add '" + driver + "' to allowedLogDrivers";
    }

    static String addAwslogsOptions(List<String> missing, ContainerDefinition container) {
        return "add "
                + missing.stream()
                        .map(o -> "\"" + o + "\": \"" + placeholder(o, container) + "\"")
                        .collect(Collectors.joining(", "))
                + " to its logConfiguration options";
    }

    static String setExecutionRole() {
        return "set executionRoleArn to a role with the AmazonECSTaskExecutionRolePolicy managed policy";
    }

    static String grantLogActions(String role, List<String> missing) {
        return "grant " + String.join(", ", missing) + " to " + role
                + (missing.contains("logs:CreateLogGroup") && missing.size() == 1
                        ? " (AmazonECSTaskExecutionRolePolicy does not include it), or create the log group "
                                + "beforehand and drop awslogs-create-group"
                        : ", e.g. attach " + ManagedPolicies.ECS_TASK_EXECUTION);
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

    // The built image (EP201)

    static String pointAtBuiltImage(String container, String repository) {
        return "point container '" + container + "' at " + repository + ", or name the container with "
                + "ecsPreflight.containerName and the image with ecsPreflight.image";
    }

    // Registration (EP401 to EP404)

    /** EP401: a size Fargate offers, in the task definition's own format. */
    static String fargateSize(TaskDefinition task, int cpu, int memory) {
        String snippet = switch (task.format()) {
            case TERRAFORM, TERRAFORM_PLAN ->
                "cpu = " + cpu + " and memory = " + memory + " on the aws_ecs_task_definition";
            case CLOUDFORMATION -> "Cpu: " + cpu + " and Memory: " + memory + " on the AWS::ECS::TaskDefinition";
            case ECS_JSON, LIVE -> "\"cpu\": \"" + cpu + "\", \"memory\": \"" + memory + "\" at the task level";
        };
        return (task.format() == TaskDefinition.Format.LIVE ? "register a new revision with " : "set ") + snippet
                + ", a size Fargate offers (the ECS developer guide lists them: 256 CPU units with 512-2048 MiB up to "
                + "16384 with 32768-122880)";
    }

    /** EP402: a container within its task's memory. */
    static String shrinkContainerMemory(String container, int taskMemory) {
        return "lower container '" + container + "''s memory and memoryReservation to at most " + taskMemory
                + " MiB, or raise the task's memory";
    }

    /** EP402: the containers' cpu within the task's. */
    static String shrinkContainerCpu(int taskCpu) {
        return "lower the containers' cpu so that it adds up to at most " + taskCpu
                + " units, or raise the task's cpu (or drop container cpu: on Fargate the containers then share it)";
    }

    /** EP403: the host port equal to the container port, or absent. */
    static String matchHostPort(int containerPort) {
        return "set hostPort to " + containerPort + " or leave it out (awsvpc gives the task its own address; map a "
                + "different port on the load balancer's target group instead)";
    }

    /** EP404: an essential container. */
    static String makeEssential(String container) {
        return "mark the main container essential (\"essential\": true, the default when left out), e.g. '" + container
                + "'";
    }

    /** EP404: a dependency on a container the task has. */
    static String fixDependency(String missing, java.util.Collection<String> containers) {
        return "name one of the task's containers (" + String.join(", ", containers) + ") in dependsOn instead of '"
                + missing + "', or add the container '" + missing + "'";
    }

    /** EP404: a dependency graph without a cycle. */
    static String breakCycle(List<String> cycle) {
        return "remove one of the dependsOn entries " + String.join(" -> ", cycle)
                + ": a container can wait only for containers that do not wait for it";
    }

    // The execution role's other calls (EP301 to EP303)

    /** EP301, EP302: the missing actions, on their resources. */
    static String grantAccess(String role, List<String> missing) {
        return "allow " + String.join("; ", missing) + " in a policy of " + role + " (for ECR pulls, attaching "
                + ManagedPolicies.ECS_TASK_EXECUTION + " is enough)";
    }

    /** EP303: the trust statement ECS needs. */
    static String trustEcsTasks(String role) {
        return "add to the trust policy (assume_role_policy, AssumeRolePolicyDocument) of " + role
                + " the statement {\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ecs-tasks.amazonaws.com\"}, "
                + "\"Action\": \"sts:AssumeRole\"}";
    }

    // What the task definition references (EP106, EP304)

    /** EP106: the log group created, or created by ECS. */
    static String createLogGroup(String group, String region) {
        return "create it (aws logs create-log-group --log-group-name " + group + " --region " + region
                + ", or an aws_cloudwatch_log_group / AWS::Logs::LogGroup beside the service), or set "
                + "\"awslogs-create-group\": \"true\" and grant the execution role logs:CreateLogGroup";
    }

    /** EP304: what is referenced created, or the reference fixed. */
    static String createReferenced() {
        return "create each one in the account and region the task runs in (aws secretsmanager create-secret, aws ssm "
                + "put-parameter, aws s3 cp), or point valueFrom / environmentFiles at the ones that exist";
    }
}
