package io.github.ecspreflight.check;

/**
 * One check, as users name it in {@code skipRules} and CI reads it in reports: plain data, declared by the rule family
 * that decides it.
 *
 * @param id the stable id, {@code EP001}
 * @param severity the severity of its findings; for a rule {@link Grading#BY_EVIDENCE}, the one static evidence gives
 * @param grading whether live evidence raises the severity (see {@link SeverityPolicy})
 * @param category the area, as a code-scanning tag: {@code platform}, {@code entrypoint}, {@code logging}, ...
 * @param title one line
 * @param help what goes wrong on ECS, in a sentence or two
 */
public record Rule(String id, Severity severity, Grading grading, String category, String title, String help) {

    /** How a rule's findings get their severity. */
    public enum Grading {
        /** Always {@link Rule#severity()}. */
        FIXED,
        /** A warning on static evidence (a configuration, which the deployed role may differ from), an error on live evidence (IAM's own answer). */
        BY_EVIDENCE
    }

    static Rule of(String id, Severity severity, String category, String title, String help) {
        return new Rule(id, severity, Grading.FIXED, category, title, help);
    }

    static Rule byEvidence(String id, String category, String title, String help) {
        return new Rule(id, Severity.WARNING, Grading.BY_EVIDENCE, category, title, help);
    }

    /** The rule's page in the project's documentation, relative to the repository root. */
    public String page() {
        return "docs/rules/" + id + ".md";
    }

    /**
     * A rule is its stable id. Written out, not generated: a record's generated {@code hashCode} links
     * java.lang.invoke on its first call, some 25 ms of every build, and rules key the verdicts.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Rule rule && id.equals(rule.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id;
    }
}
