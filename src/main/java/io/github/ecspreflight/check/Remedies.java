package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.TaskDefinition;

/** Fixes worded for the tool that built the image and the format the task definition is kept in. */
final class Remedies {

    private Remedies() {}

    /** How to build the image for a platform ({@code linux/amd64}) with the tool that built it. */
    static String buildFor(ImageBuilder builder, String os, String architecture) {
        return switch (builder) {
            case JIB -> "build for " + os + "/" + architecture + " with Jib: <from><platforms><platform><os>" + os
                    + "</os><architecture>" + architecture + "</architecture></platform></platforms></from>";
            case SPRING_BOOT -> "build for " + os + "/" + architecture + " with spring-boot:build-image: "
                    + "<imagePlatform>" + os + "/" + architecture + "</imagePlatform> (Spring Boot 3.4+)";
            case FABRIC8 -> "build for " + os + "/" + architecture + " with docker-maven-plugin: "
                    + "<buildx><platforms><platform>" + os + "/" + architecture + "</platform></platforms></buildx>";
            case DOCKER -> "build for " + os + "/" + architecture + ": docker buildx build --platform " + os + "/" + architecture;
        };
    }

    /** How to build a multi-platform image that also holds {@code platform}. */
    static String addPlatform(ImageBuilder builder, String platform) {
        return switch (builder) {
            case JIB -> "add <platform> " + platform + " to Jib's <from><platforms> (Jib builds an index with one "
                    + "manifest per platform)";
            case SPRING_BOOT -> "spring-boot:build-image builds one platform at a time; set <imagePlatform>" + platform
                    + "</imagePlatform>";
            case FABRIC8 -> "add <platform>" + platform + "</platform> to docker-maven-plugin's <buildx><platforms>";
            case DOCKER -> "docker buildx build --platform linux/amd64,linux/arm64 (include " + platform + ")";
        };
    }

    /** How to make the task run on an architecture, in the task definition's own format. */
    static String runTaskOn(TaskDefinition task, String ecsArchitecture) {
        String snippet = switch (task.format()) {
            case TERRAFORM, TERRAFORM_PLAN -> "runtime_platform { cpu_architecture = \"" + ecsArchitecture + "\" }";
            case CLOUDFORMATION -> "RuntimePlatform: { CpuArchitecture: " + ecsArchitecture + ", OperatingSystemFamily: LINUX }";
            case ECS_JSON, LIVE -> "\"runtimePlatform\": {\"cpuArchitecture\": \"" + ecsArchitecture
                    + "\", \"operatingSystemFamily\": \"LINUX\"}";
        };
        String where = switch (task.format()) {
            case LIVE -> "register a new revision with ";
            case TERRAFORM_PLAN -> "in the Terraform configuration, set ";
            default -> "set ";
        };
        return where + snippet + ("ARM64".equals(ecsArchitecture) ? " to run the task on Graviton" : "");
    }

    static String buildInCi(String ecsArchitecture) {
        return "or build in CI on an " + ecsArchitecture + " runner, so the image matches what ECS runs";
    }
}
