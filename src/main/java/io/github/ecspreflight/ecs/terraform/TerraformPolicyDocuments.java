package io.github.ecspreflight.ecs.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecspreflight.common.JsonTrees;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.hcl.Body;
import io.github.ecspreflight.hcl.Expr;
import io.github.ecspreflight.hcl.JsonValues;
import io.github.ecspreflight.hcl.Scope;
import io.github.ecspreflight.hcl.Value;
import io.github.ecspreflight.iam.PolicyCollector;
import io.github.ecspreflight.iam.PolicyJson;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * IAM policy documents as Terraform writes them: {@code jsonencode({...})}, a heredoc or {@code file()} of JSON, or an
 * {@code aws_iam_policy_document} data source ({@code data.aws_iam_policy_document.NAME.json}). Only {@code Allow}
 * statements' actions matter here; an Allow with {@code NotAction}, or any unknown part, makes the evidence incomplete.
 */
final class TerraformPolicyDocuments {

    private static final int MAX_DEPTH = 8;

    private final TerraformModule module;
    private final PolicyCollector collected;

    TerraformPolicyDocuments(TerraformModule module, PolicyCollector collected) {
        this.module = module;
        this.collected = collected;
    }

    /** Reads the policy {@code policy} evaluates to; {@code scope} is a dynamic block's, or null. */
    void read(Expr policy, Scope scope, String label) throws PreflightException {
        read(policy, scope, label, 0);
    }

    private void read(Expr policy, Scope scope, String label, int depth) throws PreflightException {
        List<String> path = Expr.referencePath(policy);
        if (path.size() == 4
                && "data".equals(path.get(0))
                && "aws_iam_policy_document".equals(path.get(1))
                && ("json".equals(path.get(3)) || "minified_json".equals(path.get(3)))) {
            dataDocument(path.get(2), label, depth);
            return;
        }
        Value value = scope == null ? module.evaluate(policy) : module.evaluate(policy, scope);
        json(value, label);
    }

    /**
     * Whether the trust policy {@code policy} evaluates to lets ECS tasks assume the role (see
     * {@link PolicyJson#trustsEcsTasks}); null when it cannot be known here.
     */
    Boolean trustsEcsTasks(Expr policy) throws PreflightException {
        List<String> path = Expr.referencePath(policy);
        if (path.size() == 4 && "data".equals(path.get(0)) && "aws_iam_policy_document".equals(path.get(1))) {
            Optional<TerraformModule.Resource> data = module.dataSource("aws_iam_policy_document", path.get(2));
            if (data.isEmpty()) {
                return null;
            }
            // the data source's statements as the JSON document it renders
            ObjectNode document = JsonNodeFactory.instance.objectNode();
            ArrayNode statements = document.putArray("Statement");
            for (TerraformModule.BlockInstance block : module.blocks(data.get().body(), "statement")) {
                if (block.unknown() != null) {
                    return null;
                }
                ObjectNode statement = statements.addObject();
                Value effect = module.attribute(block, "effect");
                statement.set(
                        "Effect",
                        effect == null ? JsonNodeFactory.instance.textNode("Allow") : JsonValues.toJson(effect));
                Value actions = module.attribute(block, "actions");
                if (actions != null) {
                    statement.set("Action", JsonValues.toJson(actions));
                }
                ArrayNode services = statement.putObject("Principal").putArray("Service");
                for (TerraformModule.BlockInstance principals : module.blocks(block.body(), "principals")) {
                    Value type = module.attribute(principals, "type");
                    Value identifiers = module.attribute(principals, "identifiers");
                    if (type instanceof Value.Str t && t.text().equals("Service") && identifiers != null) {
                        JsonNode ids = JsonValues.toJson(identifiers);
                        if (ids.isArray()) {
                            ids.forEach(services::add);
                        } else {
                            services.add(ids);
                        }
                    } else if (!(type instanceof Value.Str)) {
                        return null;
                    }
                }
            }
            return PolicyJson.trustsEcsTasks(document);
        }
        Value value = module.evaluate(policy);
        try {
            if (value instanceof Value.Str str && str.encoded() != null) {
                return PolicyJson.trustsEcsTasks(JsonValues.toJson(str.encoded()));
            }
            if (value instanceof Value.Str str && !TaskDefinition.isUnknown(str.text())) {
                return PolicyJson.trustsEcsTasks(JsonTrees.read(str.text()));
            }
        } catch (IOException e) {
            return null; // not JSON: IAM would refuse the role, which is not this check's to say
        }
        return null;
    }

    private void json(Value value, String label) {
        if (value instanceof Value.Str str && str.encoded() != null) {
            PolicyJson.read(JsonValues.toJson(str.encoded()), label, collected);
        } else if (value instanceof Value.Str str) {
            PolicyJson.read(str.text(), label, collected);
        } else {
            collected.unread(label);
        }
    }

    private void dataDocument(String name, String label, int depth) throws PreflightException {
        Optional<TerraformModule.Resource> data = module.dataSource("aws_iam_policy_document", name);
        if (data.isEmpty() || depth > MAX_DEPTH) {
            collected.unread(label);
            return;
        }
        collected.addPolicy(label);
        Body body = data.get().body();
        for (TerraformModule.BlockInstance statement : module.blocks(body, "statement")) {
            if (statement.unknown() != null) {
                collected.incomplete();
                continue;
            }
            Value effect = module.attribute(statement, "effect");
            statement(
                    effect == null ? new Value.Str("Allow") : effect,
                    module.attribute(statement, "actions"),
                    statement.body().attribute("not_actions").isPresent(),
                    statement.body().attribute("not_resources").isPresent()
                            ? null
                            : module.attribute(statement, "resources"),
                    !module.blocks(statement.body(), "condition").isEmpty()
                            || statement.body().attribute("not_resources").isPresent(),
                    label);
        }
        for (String merged :
                List.of("source_policy_documents", "override_policy_documents", "source_json", "override_json")) {
            Optional<Body.Attribute> attribute = body.attribute(merged);
            if (attribute.isEmpty()) {
                continue;
            }
            List<Expr> parts = attribute.get().expr() instanceof Expr.TupleCons tuple
                    ? tuple.items()
                    : List.of(attribute.get().expr());
            for (Expr part : parts) {
                read(part, null, label, depth + 1);
            }
        }
    }

    private void statement(
            Value effect, Value actions, boolean notActions, Value resources, boolean conditional, String label) {
        PolicyJson.statement(
                effect instanceof Value.Str e ? e.text() : null,
                actions == null ? null : JsonValues.toJson(actions),
                notActions,
                resources == null ? null : JsonValues.toJson(resources),
                conditional,
                label,
                collected);
    }
}
