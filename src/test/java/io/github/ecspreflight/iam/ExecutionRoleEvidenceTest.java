package io.github.ecspreflight.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.iam.ExecutionRoleEvidence.Decision;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a role's statements decide one action on one resource, as IAM's own matching does. */
class ExecutionRoleEvidenceTest {

    private static ExecutionRoleEvidence role(boolean complete, Grant... grants) {
        return new ExecutionRoleEvidence(
                "aws_iam_role.execution",
                ExecutionRoleEvidence.Source.STATIC,
                complete,
                Set.of(),
                List.of(),
                null,
                List.of(grants),
                ExecutionRoleEvidence.Trust.UNKNOWN);
    }

    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf";

    @Test
    void resourcesMatchFieldByFieldWithWildcards() {
        ExecutionRoleEvidence evidence = role(
                true,
                new Grant(
                        Set.of("secretsmanager:GetSecretValue"),
                        List.of("arn:aws:secretsmanager:*:*:secret:orders/*"),
                        false),
                new Grant(Set.of("ssm:Get*"), List.of("arn:aws:ssm:eu-west-1:123456789012:parameter/orders/*"), false));

        assertThat(evidence.decide("secretsmanager:GetSecretValue", SECRET)).isEqualTo(Decision.ALLOWED);
        assertThat(evidence.decide("SecretsManager:getSecretValue", SECRET))
                .as("actions ignore case")
                .isEqualTo(Decision.ALLOWED);
        assertThat(evidence.decide("secretsmanager:GetSecretValue", SECRET.replace("orders/", "payments/")))
                .isEqualTo(Decision.DENIED);
        assertThat(evidence.decide("ssm:GetParameters", "arn:aws:ssm:eu-west-1:123456789012:parameter/orders/flags"))
                .isEqualTo(Decision.ALLOWED);
        assertThat(evidence.decide(
                        "ssm:GetParameters",
                        "arn:aws:ssm:" + ExecutionRoleEvidence.UNKNOWN_FIELD + ":123456789012:parameter/orders/flags"))
                .as("a region the task does not say matches the policy's")
                .isEqualTo(Decision.ALLOWED);
        assertThat(evidence.decide("kms:Decrypt", "*")).isEqualTo(Decision.DENIED);
    }

    @Test
    void conditionsReferencesAndIncompleteEvidenceDecideNothing() {
        Grant conditional = new Grant(Set.of("secretsmanager:GetSecretValue"), List.of("*"), true);
        assertThat(role(true, conditional).decide("secretsmanager:GetSecretValue", SECRET))
                .isEqualTo(Decision.UNKNOWN);
        assertThat(role(false).decide("secretsmanager:GetSecretValue", SECRET)).isEqualTo(Decision.UNKNOWN);

        Grant byReference = new Grant(
                Set.of("secretsmanager:GetSecretValue"), List.of("${aws_secretsmanager_secret.db.arn}"), false);
        ExecutionRoleEvidence evidence = role(true, byReference);
        assertThat(evidence.decide("secretsmanager:GetSecretValue", "${aws_secretsmanager_secret.db.arn}"))
                .isEqualTo(Decision.ALLOWED);
        assertThat(evidence.decide("secretsmanager:GetSecretValue", "${aws_secretsmanager_secret.other.arn}"))
                .as("two resources of the configuration have two ARNs")
                .isEqualTo(Decision.DENIED);
        assertThat(evidence.decide("secretsmanager:GetSecretValue", "${var.secret_arn}"))
                .as("a variable may be that secret's ARN")
                .isEqualTo(Decision.UNKNOWN);
        assertThat(evidence.decide("secretsmanager:GetSecretValue", SECRET))
                .as("the reference may be this secret")
                .isEqualTo(Decision.UNKNOWN);
        assertThat(evidence.decide("ssm:GetParameters", "${aws_ssm_parameter.flags.arn}"))
                .as("no statement grants the action at all")
                .isEqualTo(Decision.DENIED);
    }
}
