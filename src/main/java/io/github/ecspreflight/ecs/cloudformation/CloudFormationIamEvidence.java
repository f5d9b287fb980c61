package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.cloudformation.Value.Known;
import io.github.ecspreflight.ecs.cloudformation.Value.Unknown;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import io.github.ecspreflight.iam.Grant;
import io.github.ecspreflight.iam.ManagedPolicies;
import io.github.ecspreflight.iam.PolicyJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a CloudFormation template shows of a task's execution role: the {@code AWS::IAM::Role} its
 * {@code ExecutionRoleArn} refers to ({@code !GetAtt Role.Arn}, {@code !Ref Role}, or an {@code Fn::Sub} of its name),
 * with the role's {@code ManagedPolicyArns} and inline {@code Policies}, and the {@code AWS::IAM::Policy},
 * {@code AWS::IAM::ManagedPolicy} and {@code AWS::IAM::RolePolicy} resources attached to it (CDK's
 * {@code ...DefaultPolicy...} among them). The evidence is complete only when every one of them could be read; a
 * {@code Deny} or a permissions boundary can only take actions away, so ignoring them never invents a warning.
 */
public final class CloudFormationIamEvidence {

    static final String ROLE = "AWS::IAM::Role";
    static final List<String> ATTACHED_POLICIES =
            List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy");

    /** A managed policy is known by name whatever its partition, so {@code arn:${AWS::Partition}:iam::aws:policy/...} can be read. */
    private static final Map<String, String> ANY_PARTITION = Map.of("AWS::Partition", "aws");

    private final Intrinsics intrinsics;
    private final Template template;
    private final String role;
    private final Set<String> actions = new LinkedHashSet<>();
    private final Set<String> policies = new LinkedHashSet<>();
    private final List<Grant> grants = new ArrayList<>();
    private ExecutionRoleEvidence.Trust trust = ExecutionRoleEvidence.Trust.UNKNOWN;
    private boolean complete = true;

    private CloudFormationIamEvidence(Intrinsics intrinsics, String role) {
        this.intrinsics = intrinsics;
        this.template = intrinsics.template();
        this.role = role;
    }

    /**
     * The evidence for the role {@code executionRoleArn} (written at {@code at}) refers to; null when that role is not
     * defined in the template (an ARN, a parameter, an import), since it may then hold any permission.
     */
    public static ExecutionRoleEvidence of(Template template, JsonNode executionRoleArn, JsonPointer at)
            throws PreflightException {
        Intrinsics intrinsics = new Intrinsics(template, ANY_PARTITION);
        String role = roleOf(intrinsics, executionRoleArn, at);
        if (role == null) {
            return null;
        }
        CloudFormationIamEvidence evidence = new CloudFormationIamEvidence(intrinsics, role);
        evidence.readRole();
        evidence.readAttachedPolicies();
        return new ExecutionRoleEvidence(
                role,
                ExecutionRoleEvidence.Source.STATIC,
                evidence.complete,
                evidence.actions,
                new ArrayList<>(evidence.policies),
                template.locate(role),
                evidence.grants,
                evidence.trust);
    }

    /** The logical id of the one {@code AWS::IAM::Role} the value refers to, or null. */
    static String roleOf(Intrinsics intrinsics, JsonNode value, JsonPointer at) throws PreflightException {
        if (!(intrinsics.branch(value, at) instanceof Known known)) {
            return null;
        }
        Set<String> names = References.of(known.node());
        names.removeIf(name -> name.startsWith("AWS::"));
        if (names.size() != 1) {
            return null;
        }
        String name = names.iterator().next();
        return ROLE.equals(intrinsics.template().typeOf(name)) ? name : null;
    }

    private void readRole() throws PreflightException {
        JsonPointer propertiesAt = Template.pointer(role).appendProperty("Properties");
        Value properties = intrinsics.resolve(propertiesAt);
        if (properties instanceof Unknown) {
            complete = false;
        }
        if (!(properties instanceof Known known) || !known.node().isObject()) {
            return;
        }
        JsonPointer trustAt = known.at().appendProperty("AssumeRolePolicyDocument");
        Value trustPolicy = member(known, "AssumeRolePolicyDocument");
        trust = new ExecutionRoleEvidence.Trust(
                trustPolicy instanceof Known document ? PolicyJson.trustsEcsTasks(document.node()) : null,
                template.locate(trustAt));
        for (Value arn : elements(known, "ManagedPolicyArns", true)) {
            managedPolicy((Known) arn);
        }
        for (Value policy : elements(known, "Policies", false)) {
            Known inline = (Known) policy;
            Value name = member(inline, "PolicyName");
            policies.add(name instanceof Known n ? n.node().asText() + " (inline)" : "an inline policy");
            document(member(inline, "PolicyDocument"));
        }
    }

    /** A {@code ManagedPolicyArns} entry: an AWS managed policy known by name, or a managed policy of this template. */
    private void managedPolicy(Known entry) throws PreflightException {
        JsonNode node = entry.node();
        if ("Ref".equals(Intrinsics.functionName(node))
                && "AWS::IAM::ManagedPolicy"
                        .equals(template.typeOf(node.get("Ref").asText()))) {
            String policy = node.get("Ref").asText();
            policies.add(policy);
            document(intrinsics.resolve(
                    Template.pointer(policy).appendProperty("Properties").appendProperty("PolicyDocument")));
            return;
        }
        Value value = intrinsics.resolve(node, entry.at());
        String arn = intrinsics.text(value, entry.at());
        policies.add(arn.substring(arn.lastIndexOf('/') + 1));
        Optional<Set<String>> known = value instanceof Known ? ManagedPolicies.actions(arn) : Optional.empty();
        if (known.isPresent()) {
            actions.addAll(known.get());
            grants.add(Grant.everywhere(known.get()));
        } else {
            complete = false;
        }
    }

    private void readAttachedPolicies() throws PreflightException {
        for (String type : ATTACHED_POLICIES) {
            for (String policy : template.resourcesOfType(type)) {
                Attachment attachment = attachment(policy, type);
                if (attachment == Attachment.MAYBE) {
                    complete = false;
                } else if (attachment == Attachment.YES) {
                    policies.add(policy);
                    document(intrinsics.resolve(Template.pointer(policy)
                            .appendProperty("Properties")
                            .appendProperty("PolicyDocument")));
                }
            }
        }
    }

    private enum Attachment {
        YES,
        NO,
        MAYBE
    }

    /** Whether a policy resource's {@code Roles} (or a RolePolicy's {@code RoleName}) names the role. */
    private Attachment attachment(String policy, String type) throws PreflightException {
        JsonPointer at = Template.pointer(policy);
        JsonNode condition = template.resource(policy).get("Condition");
        boolean conditional = false;
        if (condition != null && condition.isTextual()) {
            Optional<Boolean> holds = intrinsics.condition(condition.asText(), at.appendProperty("Condition"));
            if (holds.isPresent() && !holds.get()) {
                return Attachment.NO;
            }
            conditional = holds.isEmpty();
        }
        Value properties = intrinsics.resolve(at.appendProperty("Properties"));
        if (!(properties instanceof Known known) || !known.node().isObject()) {
            return properties instanceof Unknown ? Attachment.MAYBE : Attachment.NO;
        }
        Attachment attachment = Attachment.NO;
        List<Known> roles = new ArrayList<>();
        JsonPointer rolesAt = known.at().appendProperty(type.equals("AWS::IAM::RolePolicy") ? "RoleName" : "Roles");
        JsonNode rolesNode = known.node().get(type.equals("AWS::IAM::RolePolicy") ? "RoleName" : "Roles");
        Value list = intrinsics.branch(rolesNode, rolesAt);
        if (list instanceof Unknown) {
            return Attachment.MAYBE;
        }
        if (list instanceof Known k && k.node().isArray()) {
            for (int i = 0; i < k.node().size(); i++) {
                Value entry = intrinsics.branch(k.node().get(i), k.at().appendIndex(i));
                if (entry instanceof Unknown) {
                    attachment = Attachment.MAYBE;
                } else if (entry instanceof Known e) {
                    roles.add(e);
                }
            }
        } else if (list instanceof Known k) {
            roles.add(k);
        }
        for (Known entry : roles) {
            Attachment names = names(entry);
            if (names == Attachment.YES) {
                return conditional ? Attachment.MAYBE : Attachment.YES;
            }
            if (names == Attachment.MAYBE) {
                attachment = Attachment.MAYBE;
            }
        }
        return attachment;
    }

    /**
     * Whether one entry of a {@code Roles} list names the role: {@code !Ref Role} (a role's {@code Ref} is its name),
     * or its literal {@code RoleName}.
     */
    private Attachment names(Known entry) throws PreflightException {
        JsonNode node = entry.node();
        String function = Intrinsics.functionName(node);
        if ("Ref".equals(function) || "Fn::GetAtt".equals(function)) {
            Set<String> target = References.of(node);
            if (target.size() == 1 && template.hasResource(target.iterator().next())) {
                return target.contains(role) ? Attachment.YES : Attachment.NO;
            }
        }
        Value value = intrinsics.resolve(node, entry.at());
        if (!(value instanceof Known)) {
            // a parameter, an import or another role's attribute may be this role's name
            return value instanceof Unknown ? Attachment.MAYBE : Attachment.NO;
        }
        String name = intrinsics.text(value, entry.at());
        Value roleName = intrinsics.resolve(
                Template.pointer(role).appendProperty("Properties").appendProperty("RoleName"));
        if (roleName instanceof Unknown) {
            return Attachment.MAYBE;
        }
        return roleName instanceof Known known && known.node().asText().equals(name) ? Attachment.YES : Attachment.NO;
    }

    /** A policy document's {@code Allow}ed actions; {@code NotAction}, a JSON string or an unknown part make it incomplete. */
    private void document(Value value) throws PreflightException {
        if (value instanceof Value.Absent) {
            return;
        }
        if (!(value instanceof Known document) || !document.node().isObject()) {
            complete = false;
            return;
        }
        Value statements = member(document, "Statement");
        if (statements instanceof Known single && single.node().isObject()) {
            statement(single);
            return;
        }
        for (Value statement : elements(document, "Statement", false)) {
            statement((Known) statement);
        }
    }

    private void statement(Known statement) throws PreflightException {
        Value effect = member(statement, "Effect");
        if (!(effect instanceof Known e) || !statement.node().isObject()) {
            complete = false;
            return;
        }
        if (!"Allow".equals(e.node().asText())) {
            return;
        }
        if (statement.node().has("NotAction")) {
            complete = false;
            return;
        }
        List<String> allowed = new ArrayList<>();
        Value action = member(statement, "Action");
        if (action instanceof Known single && single.node().isValueNode()) {
            allowed.add(single.node().asText());
        } else {
            for (Value entry : elements(statement, "Action", false)) {
                allowed.add(((Known) entry).node().asText());
            }
        }
        actions.addAll(allowed);
        boolean conditional =
                statement.node().has("Condition") || statement.node().has("NotResource");
        List<String> resources = new ArrayList<>();
        Value resource = statement.node().has("NotResource") ? new Value.Absent() : member(statement, "Resource");
        if (resource instanceof Known one && one.node().isValueNode()) {
            resources.add(intrinsics.text(one, one.at()));
        } else if (resource instanceof Known list && list.node().isArray()) {
            for (int i = 0; i < list.node().size(); i++) {
                Value entry = intrinsics.resolve(list.node().get(i), list.at().appendIndex(i));
                if (entry instanceof Known known && known.node().isValueNode()) {
                    resources.add(intrinsics.text(known, known.at()));
                } else {
                    resources.add(intrinsics.text(entry, list.at().appendIndex(i))); // known once deployed: ${...}
                }
            }
        } else if (resource instanceof Unknown) {
            resources.add(intrinsics.text(resource, statement.at().appendProperty("Resource")));
        }
        if (resources.isEmpty()) {
            resources.add("*");
        }
        grants.add(new Grant(Set.copyOf(allowed), resources, conditional));
    }

    private Value member(Known object, String name) throws PreflightException {
        return intrinsics.resolve(object.node().get(name), object.at().appendProperty(name));
    }

    /**
     * The known elements of a list member; an unknown list or element makes the evidence incomplete. With
     * {@code raw}, elements are returned as written (after {@code Fn::If}), so that a {@code Ref} to a policy of the
     * template can be told from an ARN.
     */
    private List<Value> elements(Known object, String name, boolean raw) throws PreflightException {
        Value list = member(object, name);
        List<Value> elements = new ArrayList<>();
        if (list instanceof Unknown || list instanceof Known k && !k.node().isArray()) {
            complete = false;
            return elements;
        }
        if (!(list instanceof Known known)) {
            return elements;
        }
        for (int i = 0; i < known.node().size(); i++) {
            JsonPointer at = known.at().appendIndex(i);
            Value element = raw
                    ? intrinsics.branch(known.node().get(i), at)
                    : intrinsics.resolve(known.node().get(i), at);
            if (element instanceof Unknown) {
                complete = false;
            } else if (element instanceof Known) {
                elements.add(element);
            }
        }
        return elements;
    }
}
