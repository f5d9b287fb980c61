package io.github.ecspreflight.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An IAM policy document in JSON: the actions its {@code Allow} statements grant. A {@code Deny} only takes away, so it
 * is ignored (that can hide a finding, never invent one); an Allow with {@code NotAction}, or a part still unknown
 * ({@code ${...}}), leaves the evidence incomplete.
 */
public final class PolicyJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyJson() {}

    public static void read(String text, String label, PolicyCollector collected) {
        try {
            read(JSON.readTree(text), label, collected);
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
                    label,
                    collected);
        }
    }

    /** One statement, also as an {@code aws_iam_policy_document} block writes it. */
    public static void statement(
            String effect, JsonNode actions, boolean notActions, String label, PolicyCollector collected) {
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
        collected.allow(label, allowed);
    }
}
