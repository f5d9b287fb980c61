package io.github.ecspreflight.ecs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs a task-definition source takes from its own deploy command, given to the plugin instead.
 *
 * @param variables {@code variables}: Terraform {@code -var NAME=VALUE}, CloudFormation
 *     {@code --parameter-overrides NAME=VALUE}; values are never printed, only names
 * @param varFiles {@code varFiles}: Terraform {@code -var-file} files as the user named them, relative to the project
 * @param environment the build's {@code TF_VAR_NAME} variables, by {@code NAME}, as Terraform reads them
 */
public record SourceInputs(Map<String, String> variables, List<String> varFiles, Map<String, String> environment) {

    public static final SourceInputs NONE = new SourceInputs(Map.of(), List.of(), Map.of());

    /** The prefix Terraform reads input variables from the environment with. */
    public static final String TF_VAR = "TF_VAR_";

    public SourceInputs {
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        varFiles = List.copyOf(varFiles);
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** The {@code TF_VAR_*} variables of a process environment, by the Terraform variable they set. */
    public static Map<String, String> terraformEnvironment(Map<String, String> processEnvironment) {
        Map<String, String> variables = new LinkedHashMap<>();
        processEnvironment.entrySet().stream()
                .filter(e -> e.getKey().startsWith(TF_VAR) && e.getKey().length() > TF_VAR.length())
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> variables.put(e.getKey().substring(TF_VAR.length()), e.getValue()));
        return variables;
    }

    /**
     * {@code NAME=VALUE,NAME=VALUE} as the command line gives {@code variables}; a value may hold {@code =} but not a
     * comma.
     *
     * @throws IllegalArgumentException naming the entry (never its value) that has no {@code NAME=}
     */
    public static Map<String, String> parseVariables(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return variables;
        }
        int index = 0;
        for (String entry : text.split(",")) {
            index++;
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String name = equals < 0 ? "" : entry.substring(0, equals).trim();
            if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                throw new IllegalArgumentException("entry " + index + " is not NAME=VALUE");
            }
            variables.put(name, entry.substring(equals + 1));
        }
        return variables;
    }
}
