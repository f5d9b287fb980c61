package io.github.ecspreflight.ecs.cloudformation;

import static io.github.ecspreflight.ecs.cloudformation.CloudFormationFixtures.line;
import static io.github.ecspreflight.ecs.cloudformation.CloudFormationFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EP105's evidence from a template: the execution role's policies, complete only when every one could be read. */
class CloudFormationIamEvidenceTest {

    private static final String TEMPLATE = """
            Parameters:
              SharedRoleName: {Type: String}
              Attach: {Type: String, Default: 'no'}
            Conditions:
              Attached: !Equals [!Ref Attach, 'yes']
              Unknowable: !Equals [!Ref SharedRoleName, legacy]
            Resources:
              TaskDef:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  ExecutionRoleArn: %s
                  ContainerDefinitions:
                    - {Name: app, Image: my-service:1.0}
              ExecutionRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: sts:AssumeRole}]}
            """;

    @TempDir
    Path dir;

    /**
     * The evidence for the role {@code executionRoleArn} names, {@code ExecutionRole} having {@code roleProperties}
     * besides its trust policy, next to the other {@code resources}; both given as YAML at depth 0.
     */
    private ExecutionRoleEvidence evidence(String executionRoleArn, String roleProperties, String resources)
            throws PreflightException {
        return write(
                        dir,
                        "template.yaml",
                        TEMPLATE.formatted(executionRoleArn) + roleProperties.indent(6) + resources.indent(2))
                .deployment()
                .executionRole();
    }

    private ExecutionRoleEvidence evidence(String roleProperties, String resources) throws PreflightException {
        return evidence("!GetAtt ExecutionRole.Arn", roleProperties, resources);
    }

    private ExecutionRoleEvidence evidence(String roleProperties) throws PreflightException {
        return evidence(roleProperties, "");
    }

    @Test
    void theEcsManagedPolicyWrittenWithThePartitionIsKnownByName() throws Exception {
        ExecutionRoleEvidence role = evidence("""
                ManagedPolicyArns:
                  - !Sub 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'
                """);

        assertThat(role.role()).isEqualTo("ExecutionRole");
        assertThat(role.source()).isEqualTo(ExecutionRoleEvidence.Source.STATIC);
        assertThat(role.complete()).isTrue();
        assertThat(role.allows("logs:CreateLogStream")).isTrue();
        assertThat(role.allows("logs:PutLogEvents")).isTrue();
        assertThat(role.allows("logs:CreateLogGroup")).isFalse();
        assertThat(role.policies()).containsExactly("AmazonECSTaskExecutionRolePolicy");
        assertThat(role.location()).isEqualTo(line(dir, "template.yaml", 14, "  ExecutionRole:"));
    }

    @Test
    void cdksJoinOfThePartitionAndTheLongFormGetAttAreReadToo() throws Exception {
        ExecutionRoleEvidence role = evidence("{'Fn::GetAtt': [ExecutionRole, Arn]}", """
                ManagedPolicyArns:
                  - Fn::Join: ['', ['arn:', {Ref: 'AWS::Partition'}, ':iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy']]
                """, "");

        assertThat(role.complete()).isTrue();
        assertThat(role.allows("logs:PutLogEvents")).isTrue();
    }

    @Test
    void aRoleWithNoPolicyIsCompleteEvidenceThatAllowsNothing() throws Exception {
        ExecutionRoleEvidence role = evidence("");

        assertThat(role.complete()).isTrue();
        assertThat(role.allowedActions()).isEmpty();
        assertThat(role.policies()).isEmpty();
    }

    @Test
    void inlinePoliciesAllowTheirActionsAndDenyStatementsAreIgnored() throws Exception {
        ExecutionRoleEvidence role = evidence("""
                Policies:
                  - PolicyName: logs
                    PolicyDocument:
                      Statement:
                        Effect: Allow
                        Action: logs:*
                        Resource: '*'
                  - PolicyName: no-s3
                    PolicyDocument:
                      Statement:
                        - {Effect: Deny, Action: ['s3:*'], Resource: '*'}
                """);

        assertThat(role.complete()).isTrue();
        assertThat(role.allows("logs:CreateLogGroup")).isTrue();
        assertThat(role.allows("s3:GetObject")).isFalse();
        assertThat(role.policies()).containsExactly("logs (inline)", "no-s3 (inline)");
    }

    @Test
    void policyResourcesAttachedToTheRoleCountAndOthersDoNot() throws Exception {
        ExecutionRoleEvidence role = evidence("""
                ManagedPolicyArns: [!Ref PullPolicy]
                """, """
                OtherRole:
                  Type: AWS::IAM::Role
                  Properties: {AssumeRolePolicyDocument: {}}
                DefaultPolicy:
                  Type: AWS::IAM::Policy
                  Properties:
                    PolicyName: default
                    Roles: [!Ref ExecutionRole]
                    PolicyDocument:
                      Statement: [{Effect: Allow, Action: [logs:CreateLogStream, logs:PutLogEvents], Resource: '*'}]
                OtherPolicy:
                  Type: AWS::IAM::Policy
                  Properties:
                    PolicyName: other
                    Roles: [!Ref OtherRole]
                    PolicyDocument: {Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}
                PullPolicy:
                  Type: AWS::IAM::ManagedPolicy
                  Properties:
                    PolicyDocument: {Statement: [{Effect: Allow, Action: ecr:BatchGetImage, Resource: '*'}]}
                GroupPolicy:
                  Type: AWS::IAM::RolePolicy
                  Properties:
                    RoleName: !Ref ExecutionRole
                    PolicyName: group
                    PolicyDocument: {Statement: [{Effect: Allow, Action: logs:CreateLogGroup, Resource: '*'}]}
                """);

        assertThat(role.complete()).isTrue();
        assertThat(role.allowedActions())
                .containsExactlyInAnyOrder(
                        "logs:createlogstream", "logs:putlogevents", "ecr:batchgetimage", "logs:createloggroup");
        assertThat(role.policies()).containsExactly("PullPolicy", "DefaultPolicy", "GroupPolicy");
    }

    @Test
    void aPolicyNamingTheRolesLiteralRoleNameIsAttached() throws Exception {
        ExecutionRoleEvidence role = evidence("""
                RoleName: my-service-execution
                """, """
                LogsPolicy:
                  Type: AWS::IAM::Policy
                  Properties:
                    PolicyName: logs
                    Roles: [my-service-execution]
                    PolicyDocument: {Statement: [{Effect: Allow, Action: 'logs:*', Resource: '*'}]}
                """);

        assertThat(role.complete()).isTrue();
        assertThat(role.allows("logs:CreateLogGroup")).isTrue();
    }

    @Test
    void aPolicyWhoseConditionIsFalseIsNotAttachedAndOneADeploymentDecidesMakesItIncomplete() throws Exception {
        String role = """
                ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
                """;
        String policy = """
                LogGroupPolicy:
                  Type: AWS::IAM::Policy
                  Condition: %s
                  Properties:
                    PolicyName: create-group
                    Roles: [!Ref ExecutionRole]
                    PolicyDocument: {Statement: [{Effect: Allow, Action: logs:CreateLogGroup, Resource: '*'}]}
                """;

        ExecutionRoleEvidence notCreated = evidence(role, policy.formatted("Attached"));
        assertThat(notCreated.complete()).isTrue();
        assertThat(notCreated.allows("logs:CreateLogGroup")).isFalse();

        assertThat(evidence(role, policy.formatted("Unknowable")).complete()).isFalse();
    }

    @Test
    void whatCannotBeReadMakesTheEvidenceIncomplete() throws Exception {
        assertThat(evidence("""
                ManagedPolicyArns: [!ImportValue shared-logs-policy-arn]
                """).complete()).as("an imported policy").isFalse();
        assertThat(evidence("""
                ManagedPolicyArns: ['arn:aws:iam::123456789012:policy/team-logs']
                """).complete())
                .as("a customer managed policy outside the template")
                .isFalse();
        assertThat(evidence("""
                ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
                """, """
                SharedPolicy:
                  Type: AWS::IAM::Policy
                  Properties:
                    PolicyName: shared
                    Roles: [!Ref SharedRoleName]
                    PolicyDocument: {Statement: [{Effect: Allow, Action: logs:CreateLogGroup, Resource: '*'}]}
                """).complete())
                .as("a policy attached to a role a parameter names")
                .isFalse();
        assertThat(evidence("""
                Policies:
                  - PolicyName: all-but-s3
                    PolicyDocument: {Statement: [{Effect: Allow, NotAction: 's3:*', Resource: '*'}]}
                """).complete()).as("NotAction").isFalse();
        assertThat(evidence("""
                Policies:
                  - PolicyName: maybe
                    PolicyDocument: {Statement: [{Effect: Allow, Action: [!If [Unknowable, 'logs:*', logs:GetLogEvents]], Resource: '*'}]}
                """).complete())
                .as("an action a deployment decides")
                .isFalse();
    }

    @Test
    void aRoleNamedByRefOrInAnArnOfItsNameIsTheTemplatesRole() throws Exception {
        assertThat(evidence("!Ref ExecutionRole", "", "").role()).isEqualTo("ExecutionRole");
        assertThat(evidence("!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ExecutionRole}'", "", "")
                        .role())
                .isEqualTo("ExecutionRole");
    }

    @Test
    void aRoleDefinedElsewhereGivesNoEvidence() throws Exception {
        assertThat(evidence("arn:aws:iam::123456789012:role/ecsTaskExecutionRole", "", ""))
                .isNull();
        assertThat(evidence("!ImportValue shared-execution-role-arn", "", "")).isNull();
        assertThat(evidence("!Sub 'arn:aws:iam::${AWS::AccountId}:role/${SharedRoleName}'", "", ""))
                .isNull();
        assertThat(evidence(
                        "!If [Unknowable, !GetAtt ExecutionRole.Arn, !ImportValue shared-execution-role-arn]", "", ""))
                .isNull();
        assertThat(evidence("!GetAtt TaskDef.TaskDefinitionArn", "", "")).isNull();
    }
}
