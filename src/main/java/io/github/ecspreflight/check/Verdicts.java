package io.github.ecspreflight.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the rule families found, as they find it; the runner turns it into the {@link CheckResult}. */
public final class Verdicts {

    private final Set<Rule> skipped;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<Rule, String> notRun = new LinkedHashMap<>();

    Verdicts(Set<Rule> skipped) {
        this.skipped = Set.copyOf(skipped);
    }

    /** Whether a rule is to be judged: not named in {@code skipRules}. */
    public boolean runs(Rule rule) {
        return !skipped.contains(rule);
    }

    /** A problem found; one of a skipped rule is dropped, so a family need not ask before it reports. */
    public void report(Finding finding) {
        if (runs(finding.rule())) {
            findings.add(finding);
        }
    }

    /** A rule that cannot be judged here, and why; the first reason given is kept. */
    public void notRun(Rule rule, String reason) {
        if (runs(rule)) {
            notRun.putIfAbsent(rule, reason);
        }
    }

    /** Every rule of a family, not run for one reason. */
    public void notRun(List<Rule> rules, String reason) {
        rules.forEach(rule -> notRun(rule, reason));
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** One outcome per rule of the catalog, in id order. */
    List<Outcome> outcomes() {
        return Rules.stream().map(this::outcome).toList();
    }

    private Outcome outcome(Rule rule) {
        if (!runs(rule)) {
            return new Outcome(rule, Outcome.Status.SKIPPED, rule.id() + " skipped by skipRules");
        }
        if (findings.stream().anyMatch(f -> f.rule().equals(rule))) {
            return new Outcome(rule, Outcome.Status.FAILED, null);
        }
        String reason = notRun.get(rule);
        return reason != null
                ? new Outcome(rule, Outcome.Status.NOT_RUN, reason)
                : new Outcome(rule, Outcome.Status.PASSED, null);
    }
}
