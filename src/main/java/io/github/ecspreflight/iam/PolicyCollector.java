package io.github.ecspreflight.iam;

import io.github.ecspreflight.common.SourceLocation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Gathers a role's allowed actions from its policies, and whether every policy could be read. */
public final class PolicyCollector {

    private final Set<String> actions = new LinkedHashSet<>();
    private final List<Grant> grants = new ArrayList<>();
    private ExecutionRoleEvidence.Trust trust = ExecutionRoleEvidence.Trust.UNKNOWN;
    private final List<String> policies = new ArrayList<>();
    private boolean complete = true;

    /** Actions allowed on every resource: a managed policy's. */
    public void allow(String policy, Collection<String> allowed) {
        grant(policy, allowed, List.of("*"), false);
    }

    /** One Allow statement: its actions on its resources, and whether a condition decides it. */
    public void grant(String policy, Collection<String> allowed, List<String> resources, boolean conditional) {
        addPolicy(policy);
        actions.addAll(allowed);
        grants.add(new Grant(Set.copyOf(allowed), resources, conditional));
    }

    /** What the role's trust policy says of ECS tasks. */
    public void trust(ExecutionRoleEvidence.Trust trust) {
        this.trust = trust;
    }

    /** A policy that is attached but whose actions cannot be known here. */
    public void unread(String policy) {
        addPolicy(policy);
        complete = false;
    }

    public void incomplete() {
        complete = false;
    }

    public void addPolicy(String policy) {
        if (!policies.contains(policy)) {
            policies.add(policy);
        }
    }

    public Set<String> actions() {
        return actions;
    }

    public List<String> policies() {
        return policies;
    }

    public boolean complete() {
        return complete;
    }

    /** What was collected, as evidence read statically from a configuration. */
    public ExecutionRoleEvidence staticEvidence(String role, SourceLocation location) {
        return new ExecutionRoleEvidence(
                role, ExecutionRoleEvidence.Source.STATIC, complete(), actions(), policies(), location, grants, trust);
    }
}
