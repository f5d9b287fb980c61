package io.github.ecspreflight.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.JsonTrees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An IAM policy document in JSON: the actions its {@code Allow} statements grant. A {@code Deny} only takes away, so it
 * is ignored (that can hide a finding, never invent one); an Allow with {@code NotAction}, or a part still unknown
 * ({@code ${...}}), leaves the evidence incomplete.
 */
public final class PolicyJson {

    private PolicyJson() {}

    public static void read(String text, String label, PolicyCollector collected) {
        try {
            read(JsonTrees.read(text), label, collected);
        } catch (IOException e) {
            collected.unread(label);
        }
    }

    public static void read(JsonNode document, String label, PolicyCollector collected) {
        collected.addPolicy(label);
        JsonNode statements = document == null ? null : document.get("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements != null && statements.isArray()) {
            statements.forEach(list::add);
        } else if (statements != null && statements.isObject()) {
            list.add(statements);
        } else {
            collected.incomplete();
            return;
        }
        for (JsonNode statement : list) {
            statement(
                    statement.path("Effect").asText(null),
                    statement.get("Action"),
                    statement.has("NotAction"),
                    statement.has("NotResource") ? null : statement.get("Resource"),
                    statement.has("Condition") || statement.has("NotResource"),
                    label,
                    collected);
        }
    }

    /**
     * One statement, also as an {@code aws_iam_policy_document} block writes it.
     *
     * @param resources its {@code Resource} (a string or a list); null when absent, which for a statement of an
     *     identity policy IAM reads as every resource
     * @param conditional whether a {@code Condition} (or a {@code NotResource}) decides where it applies
     */
    public static void statement(
            String effect,
            JsonNode actions,
            boolean notActions,
            JsonNode resources,
            boolean conditional,
            String label,
            PolicyCollector collected) {
        if (effect == null || effect.contains("${")) {
            collected.incomplete();
            return;
        }
        if (!"Allow".equals(effect)) {
            return;
        }
        if (notActions) {
            collected.incomplete();
            return;
        }
        List<String> allowed = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        if (actions != null && actions.isArray()) {
            actions.forEach(items::add);
        } else if (actions != null && !actions.isNull()) {
            items.add(actions);
        }
        for (JsonNode action : items) {
            if (!action.isTextual() || action.textValue().contains("${")) {
                collected.incomplete();
                return;
            }
            allowed.add(action.textValue());
        }
        List<String> on = new ArrayList<>();
        if (resources == null || resources.isNull()) {
            on.add("*");
        } else {
            for (JsonNode resource : resources.isArray() ? resources : List.of(resources)) {
                // a reference known only once deployed (${aws_secretsmanager_secret.db.arn}) is kept as written: it
                // proves access to the same reference, and leaves any other resource undecided
                on.add(resource.isTextual() ? resource.textValue() : "${?}");
            }
        }
        collected.grant(label, allowed, on, conditional);
    }

    /**
     * Whether a trust policy lets ECS tasks assume the role: an {@code Allow} of {@code sts:AssumeRole} (or a wildcard
     * over it) to the service principal {@code ecs-tasks.amazonaws.com}. Null when the document cannot tell (a part
     * known only once deployed).
     */
    public static Boolean trustsEcsTasks(JsonNode document) {
        JsonNode statements = document == null ? null : document.get("Statement");
        if (statements == null) {
            return null;
        }
        boolean unknown = false;
        for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
            String effect = statement.path("Effect").asText("");
            if (effect.contains("${")) {
                unknown = true;
                continue;
            }
            if (!effect.equals("Allow") || statement.has("NotAction") || statement.has("NotPrincipal")) {
                continue;
            }
            boolean assumes = false;
            for (JsonNode action : array(statement.get("Action"))) {
                String text = action.asText("").toLowerCase(java.util.Locale.ROOT);
                unknown |= !action.isTextual() || text.contains("${");
                assumes |= text.equals("sts:assumerole") || text.equals("sts:*") || text.equals("*");
            }
            JsonNode principal = statement.get("Principal");
            unknown |= principal != null
                    && !principal.isObject()
                    && !principal.asText("").equals("*");
            boolean ecs = false;
            if (principal != null && principal.has("Service")) {
                for (JsonNode service : array(principal.get("Service"))) {
                    String text = service.asText("");
                    // a function (Fn::Sub, Fn::Join) not yet evaluated may spell the principal
                    unknown |= !service.isTextual() || text.contains("${");
                    ecs |= text.equals("ecs-tasks.amazonaws.com") || text.startsWith("ecs-tasks.amazonaws.com.");
                }
            }
            if (assumes && ecs) {
                return true;
            }
        }
        return unknown ? null : false;
    }

    private static Iterable<JsonNode> array(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        return node.isArray() ? node : List.of(node);
    }
}
