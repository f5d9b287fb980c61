package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.PreflightException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.ResourceSpecificResult;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;

/**
 * IAM's policy simulator ({@code iam:SimulatePrincipalPolicy}) on the execution role: which actions it allows on every
 * one of the resources. An action counts as allowed only when every result IAM gives for it, and every per-resource
 * result inside, is {@code allowed}: IAM now answers one result per action with per-resource details, and used to
 * answer one per action and resource.
 *
 * @param allowed the allowed actions, as they were asked
 * @param unavailable why IAM could not be asked, for a note; null when it answered
 * @param note what else is worth a note (the role does not exist); null when nothing
 */
record IamSimulation(Set<String> allowed, Set<String> undecided, String unavailable, String note) {

    static final String ACTION = "iam:SimulatePrincipalPolicy";

    static IamSimulation simulate(
            AwsClients aws, String role, List<String> actions, List<String> resources, Map<String, String> context) {
        Map<String, Boolean> decisions = new LinkedHashMap<>();
        Set<String> missingContext = new LinkedHashSet<>();
        List<ContextEntry> entries = new ArrayList<>();
        context.forEach((key, value) -> entries.add(ContextEntry.builder()
                .contextKeyName(key)
                .contextKeyType(ContextKeyTypeEnum.STRING)
                .contextKeyValues(value)
                .build()));
        try {
            for (SimulatePrincipalPolicyResponse page : aws.iam()
                    .simulatePrincipalPolicyPaginator(request -> request.policySourceArn(role)
                            .actionNames(actions)
                            .resourceArns(resources)
                            .contextEntries(entries))) {
                for (EvaluationResult result : page.evaluationResults()) {
                    if (result.evalDecision() != PolicyEvaluationDecisionType.ALLOWED
                            && result.hasMissingContextValues()
                            && !result.missingContextValues().isEmpty()
                            && result.evalActionName() != null) {
                        missingContext.add(result.evalActionName().toLowerCase(Locale.ROOT));
                    }
                    boolean allowed = result.evalDecision() == PolicyEvaluationDecisionType.ALLOWED;
                    if (result.hasResourceSpecificResults()) {
                        for (ResourceSpecificResult perResource : result.resourceSpecificResults()) {
                            allowed &= perResource.evalResourceDecision() == PolicyEvaluationDecisionType.ALLOWED;
                        }
                    }
                    if (result.evalActionName() != null) {
                        decisions.merge(result.evalActionName().toLowerCase(Locale.ROOT), allowed, Boolean::logicalAnd);
                    }
                }
            }
        } catch (PreflightException e) {
            return new IamSimulation(Set.of(), Set.of(), e.getMessage(), null);
        } catch (SdkException e) {
            if (AwsFailures.isAccessDenied(e)) {
                return new IamSimulation(
                        Set.of(),
                        Set.of(),
                        "AWS denied " + ACTION + " on " + role + " ("
                                + AwsFailures.code((AwsServiceException) e) + "); grant " + ACTION
                                + " to the role or user the "
                                + "build runs as to have IAM judge what the execution role may do for the task",
                        null);
            }
            if (e instanceof AwsServiceException failure
                    && "NoSuchEntity".equalsIgnoreCase(AwsFailures.code(failure))) {
                return new IamSimulation(
                        Set.of(),
                        Set.of(),
                        null,
                        "ecs-preflight: IAM has no role " + role + " (NoSuchEntity): "
                                + "ECS cannot start the task with it as its execution role; create the role or fix "
                                + "executionRoleArn");
            }
            return new IamSimulation(Set.of(), Set.of(), aws.scrub(AwsFailures.cause("IAM", ACTION, e, aws)), null);
        }
        Set<String> allowed = new LinkedHashSet<>();
        Set<String> undecided = new LinkedHashSet<>();
        for (String action : actions) {
            String key = action.toLowerCase(Locale.ROOT);
            if (Boolean.TRUE.equals(decisions.get(key))) {
                allowed.add(action);
            } else if (missingContext.contains(key)) {
                undecided.add(action);
            }
        }
        return new IamSimulation(Set.copyOf(allowed), Set.copyOf(undecided), null, null);
    }
}
