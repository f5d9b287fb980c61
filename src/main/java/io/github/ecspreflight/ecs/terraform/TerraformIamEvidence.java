package io.github.ecspreflight.ecs.terraform;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.hcl.Body;
import io.github.ecspreflight.hcl.Expr;
import io.github.ecspreflight.hcl.Value;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import io.github.ecspreflight.iam.ManagedPolicies;
import io.github.ecspreflight.iam.PolicyCollector;
import java.util.List;
import java.util.Optional;

/**
 * What a Terraform module shows of the execution role's permissions: the {@code aws_iam_role} that
 * {@code execution_role_arn} references, with every policy attached to it in the same module ({@code managed_policy_arns},
 * {@code inline_policy}, {@code aws_iam_role_policy_attachment}, {@code aws_iam_policy_attachment},
 * {@code aws_iam_role_policy}), customer policies and {@code aws_iam_policy_document} data sources read statement by
 * statement. Anything that might grant more without it being visible (a policy not read, an attachment to a role
 * whose name is unknown, a module handed the role) makes the evidence incomplete, and incomplete evidence judges
 * nothing.
 */
public final class TerraformIamEvidence {

    private final TerraformModule module;
    private final String roleName;
    private final TerraformModule.Resource role;
    private final PolicyCollector collected = new PolicyCollector();
    private final TerraformPolicyDocuments documents;

    private TerraformIamEvidence(TerraformModule module, TerraformModule.Resource role) {
        this.module = module;
        this.roleName = role.name();
        this.role = role;
        this.documents = new TerraformPolicyDocuments(module, collected);
    }

    /**
     * The evidence for the role {@code executionRoleArn} references, or null when it does not reference an
     * {@code aws_iam_role} of this module (an ARN literal, a variable, a data source or module output: defined
     * elsewhere, so nothing can be said).
     */
    public static ExecutionRoleEvidence forExecutionRole(TerraformModule module, Expr executionRoleArn)
            throws PreflightException {
        List<String> path = Expr.referencePath(executionRoleArn);
        if (path.size() < 2 || !"aws_iam_role".equals(path.get(0))) {
            return null;
        }
        Optional<TerraformModule.Resource> role = module.resource("aws_iam_role", path.get(1));
        if (role.isEmpty()) {
            return null;
        }
        return new TerraformIamEvidence(module, role.get()).collect();
    }

    private ExecutionRoleEvidence collect() throws PreflightException {
        Optional<Body.Attribute> assume = role.body().attribute("assume_role_policy");
        if (assume.isPresent()) {
            collected.trust(new ExecutionRoleEvidence.Trust(
                    documents.trustsEcsTasks(assume.get().expr()),
                    HclPositions.located(assume.get().span().location())));
        }
        managedPolicyArns();
        for (TerraformModule.BlockInstance inline : module.blocks(role.body(), "inline_policy")) {
            if (inline.unknown() != null) {
                collected.incomplete();
                continue;
            }
            Optional<Body.Attribute> policy = inline.body().attribute("policy");
            if (policy.isPresent()) {
                Value name = module.attribute(inline, "name");
                documents.read(
                        policy.get().expr(),
                        inline.scope(),
                        "inline policy " + (name instanceof Value.Str s ? s.text() : role.address()));
            }
        }
        for (TerraformModule.Resource attachment : module.resources("aws_iam_role_policy_attachment")) {
            if (targets(attachment.body().attribute("role"))) {
                attached(attachment.body().attribute("policy_arn"));
            }
        }
        for (TerraformModule.Resource attachment : module.resources("aws_iam_policy_attachment")) {
            if (targetsAny(attachment.body().attribute("roles"))) {
                attached(attachment.body().attribute("policy_arn"));
            }
        }
        for (TerraformModule.Resource inline : module.resources("aws_iam_role_policy")) {
            if (targets(inline.body().attribute("role"))) {
                Optional<Body.Attribute> policy = inline.body().attribute("policy");
                if (policy.isPresent()) {
                    documents.read(policy.get().expr(), null, inline.address());
                } else {
                    collected.incomplete();
                }
            }
        }
        if (handedToModule()) {
            collected.incomplete();
        }
        return collected.staticEvidence(role.address(), role.location());
    }

    private void managedPolicyArns() throws PreflightException {
        Optional<Body.Attribute> arns = role.body().attribute("managed_policy_arns");
        if (arns.isEmpty()) {
            return;
        }
        if (arns.get().expr() instanceof Expr.TupleCons tuple) {
            for (Expr item : tuple.items()) {
                policyArn(item);
            }
            return;
        }
        Value value = module.evaluate(arns.get().expr());
        if (!(value instanceof Value.Tuple list)) {
            collected.incomplete();
            return;
        }
        for (Value item : list.items()) {
            managed(item);
        }
    }

    private void attached(Optional<Body.Attribute> policyArn) throws PreflightException {
        if (policyArn.isEmpty()) {
            collected.incomplete();
        } else {
            policyArn(policyArn.get().expr());
        }
    }

    /** A policy ARN: an AWS managed policy this plugin knows, or an {@code aws_iam_policy} of this module. */
    private void policyArn(Expr expr) throws PreflightException {
        List<String> path = Expr.referencePath(expr);
        if (path.size() >= 2 && "aws_iam_policy".equals(path.get(0))) {
            Optional<TerraformModule.Resource> policy = module.resource("aws_iam_policy", path.get(1));
            Optional<Body.Attribute> document = policy.flatMap(p -> p.body().attribute("policy"));
            if (document.isEmpty()) {
                collected.incomplete();
            } else {
                documents.read(document.get().expr(), null, policy.get().address());
            }
            return;
        }
        managed(module.evaluate(expr));
    }

    private void managed(Value arn) {
        if (!(arn instanceof Value.Str str) || str.text().contains("${")) {
            collected.incomplete();
            return;
        }
        String name = str.text().substring(str.text().lastIndexOf('/') + 1);
        Optional<java.util.Set<String>> actions = ManagedPolicies.actions(str.text());
        if (actions.isPresent()) {
            collected.allow(name, actions.get());
        } else {
            collected.unread(name);
        }
    }

    /** Whether a {@code role} argument names this role; an unknown name might, so it makes the evidence incomplete. */
    private boolean targets(Optional<Body.Attribute> roleArgument) throws PreflightException {
        if (roleArgument.isEmpty()) {
            return false;
        }
        return targets(
                roleArgument.get().expr(), module.evaluate(roleArgument.get().expr()));
    }

    private boolean targets(Expr expr, Value value) throws PreflightException {
        List<String> path = Expr.referencePath(expr);
        if (path.size() >= 2 && "aws_iam_role".equals(path.get(0))) {
            return roleName.equals(path.get(1));
        }
        Value name = role.body().attribute("name").isPresent()
                ? module.evaluate(role.body().attribute("name").get().expr())
                : null;
        if (value instanceof Value.Str given && !given.text().contains("${")) {
            if (name instanceof Value.Str known && !known.text().contains("${")) {
                return known.text().equals(given.text());
            }
        }
        // a name that cannot be compared might be this role's
        collected.incomplete();
        return false;
    }

    private boolean targetsAny(Optional<Body.Attribute> roles) throws PreflightException {
        if (roles.isEmpty()) {
            return false;
        }
        if (roles.get().expr() instanceof Expr.TupleCons tuple) {
            boolean any = false;
            for (Expr item : tuple.items()) {
                any |= targets(item, module.evaluate(item));
            }
            return any;
        }
        collected.incomplete();
        return false;
    }

    /** Whether a module call is given this role: the module may attach policies to it, out of sight. */
    private boolean handedToModule() {
        String prefix = role.address();
        for (Body.Block call : module.moduleCalls()) {
            for (Body.Attribute argument : call.body().attributes()) {
                String written = argument.expr().span().text();
                if (written.contains(prefix + ".") || written.equals(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
