package io.github.ecspreflight.check;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Every rule family, and the catalog of rules they declare: what skipRules, the reports and the docs list. */
public final class Rules {

    /** The families, in the order they run: platform first, since the entrypoint walk needs its manifest. */
    static final List<RuleFamily> FAMILIES = List.of(
            new PlatformRules(),
            new EntrypointRules(),
            new JavaRuntimeRules(),
            new SharedLibraryRules(),
            new UserRules(),
            new HealthCheckRules(),
            new HeapRules(),
            new LoggingRules(),
            new ExecutionRoleRules(),
            new ImageReferenceRule(),
            new RegistrationRules(),
            new ReferencedResourceRules());

    private static final List<Rule> ALL = FAMILIES.stream()
            .flatMap(family -> family.rules().stream())
            .sorted(Comparator.comparing(Rule::id))
            .toList();

    private Rules() {}

    /** Whether only AWS can answer the rule: nothing in a configuration says whether a log group or a secret exists. */
    public static boolean answeredOnlyByAws(Rule rule) {
        return rule == ReferencedResourceRules.EP106 || rule == ReferencedResourceRules.EP304;
    }

    /** Every rule, in id order. */
    public static List<Rule> all() {
        return ALL;
    }

    /** The rule with an id, case-insensitively ({@code ep001} names EP001). */
    public static Optional<Rule> byId(String id) {
        String wanted = id.trim().toUpperCase(Locale.ROOT);
        return ALL.stream().filter(rule -> rule.id().equals(wanted)).findFirst();
    }

    /** The position of a rule in {@link #all()}, as SARIF's {@code ruleIndex} counts. */
    public static int indexOf(Rule rule) {
        return ALL.indexOf(rule);
    }

    static Stream<Rule> stream() {
        return ALL.stream();
    }
}
