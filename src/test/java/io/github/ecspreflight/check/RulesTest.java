package io.github.ecspreflight.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog: one rule per stable id, since a rule is its id wherever rules are compared or keyed. */
class RulesTest {

    @Test
    void everyIdIsDeclaredOnceAndNamedLikeEPnnn() {
        List<String> ids = Rules.all().stream().map(Rule::id).toList();

        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("EP\\d{3}"));
    }

    @Test
    void aRuleEqualsAnotherDeclarationOfItsIdAndNoOtherRule() {
        Rule ep001 = Rules.byId("EP001").orElseThrow();
        Rule restated = new Rule("EP001", Severity.WARNING, Rule.Grading.FIXED, "other", "title", "help");

        assertThat(restated).isEqualTo(ep001).hasSameHashCodeAs(ep001);
        assertThat(Rules.all().stream().filter(rule -> rule.equals(ep001))).containsExactly(ep001);
    }
}
