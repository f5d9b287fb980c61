package io.github.ecspreflight.ecs;

import io.github.ecspreflight.PreflightException;

/** CloudFormation templates, JSON or YAML (short-form tags included), and CDK's {@code cdk.out/*.template.json}. */
public final class CloudFormationReader {

    private CloudFormationReader() {}

    public static boolean looksLikeTemplate(LocatedJson json) {
        return json.root().has("Resources") || json.root().has("AWSTemplateFormatVersion");
    }

    public static TaskDefinition read(LocatedJson json, String resource, String builtRepository) throws PreflightException {
        throw json.error("CloudFormation templates are not supported by this version yet; export the task definition as ECS JSON");
    }
}
