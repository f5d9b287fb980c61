package io.github.ecspreflight.report;

import static io.github.ecspreflight.report.ReportFixtures.SECRET;
import static io.github.ecspreflight.report.ReportFixtures.TASK_FILE;
import static io.github.ecspreflight.report.ReportFixtures.context;
import static io.github.ecspreflight.report.ReportFixtures.ep001;
import static io.github.ecspreflight.report.ReportFixtures.ep006WithoutLocation;
import static io.github.ecspreflight.report.ReportFixtures.ep101;
import static io.github.ecspreflight.report.ReportFixtures.ep201;
import static io.github.ecspreflight.report.ReportFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.EntrypointRules;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.check.LoggingRules;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.check.Rule;
import io.github.ecspreflight.check.Rules;
import io.github.ecspreflight.common.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code TEST-ecs-preflight.xml}, read back with the JDK's DOM parser as CI test-report parsers read Surefire's
 * files: the suite's counts, each test case and what it holds.
 */
class JunitReportTest {

    private static final int RULES = Rules.all().size();

    @TempDir
    Path work;

    Path base;
    Path reports;

    @BeforeEach
    void layOut() throws Exception {
        base = ReportFixtures.module(work);
        reports = base.resolve("target/ecs-preflight");
    }

    private Element write(CheckResult result, ReportContext context) throws Exception {
        Path file = JunitReport.write(result, reports, context);
        assertThat(file).isEqualTo(reports.resolve("TEST-ecs-preflight.xml"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        return document.getDocumentElement();
    }

    private Element write(CheckResult result) throws Exception {
        return write(result, context(base));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> elements = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static Element testcase(Element suite, Rule rule) {
        return children(suite, "testcase").stream()
                .filter(t -> t.getAttribute("name").startsWith(rule.id() + " "))
                .findFirst()
                .orElseThrow();
    }

    private static Element only(Element parent, String name) {
        List<Element> elements = children(parent, name);
        assertThat(elements)
                .as("<%s> in <%s name=%s>", name, parent.getTagName(), parent.getAttribute("name"))
                .hasSize(1);
        return elements.get(0);
    }

    @Test
    void theSuiteIsNamedAndCountedAsSurefireWritesIt() throws Exception {
        Element suite = write(result(base, ep101(10)));

        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).as("the module's name in it").isEqualTo("ecs-preflight.orders");
        assertThat(suite.getAttribute("tests")).isEqualTo(Integer.toString(RULES));
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("0");
        assertThat(suite.getAttribute("time")).isEqualTo("0.245");
        assertThat(suite.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation"))
                .isEqualTo("https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd");
        assertThat(children(suite, "testcase")).hasSize(RULES);
    }

    @Test
    void theRootElementHasSurefiresAttributesInSurefiresOrder() throws Exception {
        JunitReport.write(result(base, ep101(10)), reports, context(base));
        String xml = Files.readString(reports.resolve("TEST-ecs-preflight.xml"), StandardCharsets.UTF_8);

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite xmlns:xsi=");
        assertThat(xml)
                .containsSubsequence(
                        " version=\"3.0.2\"",
                        " name=\"ecs-preflight.orders\"",
                        " time=\"0.245\"",
                        " tests=\"" + io.github.ecspreflight.check.Rules.all().size() + "\"",
                        " errors=\"0\"",
                        " skipped=\"0\"",
                        " failures=\"1\"",
                        ">\n  <properties>",
                        "\n  <testcase name=\"EP001 ");
    }

    @Test
    void thereIsOneTestCasePerRuleForTheContainerInRuleOrder() throws Exception {
        Element suite = write(result(base));

        List<Element> cases = children(suite, "testcase");
        for (Rule rule : Rules.all()) {
            Element testcase = cases.get(Rules.indexOf(rule));
            assertThat(testcase.getAttribute("name")).isEqualTo(rule.id() + " " + rule.title());
            assertThat(testcase.getAttribute("classname")).isEqualTo("ecs-preflight.orders.app");
            assertThat(testcase.getAttribute("time")).isEqualTo("0");
            assertThat(testcase.getChildNodes().getLength())
                    .as(rule.id() + " passed: an empty test case")
                    .isZero();
        }
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("0");
    }

    @Test
    void anErrorFindingIsAFailureWithMessageTypeAndTheWholeBlock() throws Exception {
        Element suite = write(result(base, ep001(1), ep101(10)));

        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        Element failure = only(testcase(suite, PlatformRules.EP001), "failure");
        assertThat(failure.getAttribute("message")).isEqualTo(ep001(1).message());
        assertThat(failure.getAttribute("type")).isEqualTo("EP001");
        assertThat(failure.getTextContent())
                .isEqualTo(String.join(
                                "\n",
                                "EP001 ERROR Image platform differs from the task's CPU architecture",
                                "  what: " + ep001(1).message(),
                                "  where: " + TASK_FILE + ":1 (image " + ReportFixtures.IMAGE + ")",
                                "  fix: " + ep001(1).remediation(),
                                "  docs: " + SarifReport.pageUri(PlatformRules.EP001))
                        + "\n");
        assertThat(only(testcase(suite, LoggingRules.EP101), "failure").getAttribute("type"))
                .isEqualTo("EP101");
        assertThat(children(testcase(suite, PlatformRules.EP002), "failure")).isEmpty();
    }

    @Test
    void severalFindingsOfOneRuleShareOneFailure() throws Exception {
        Finding other = Finding.of(
                LoggingRules.EP101,
                "Essential container 'worker' has no logConfiguration.",
                new SourceLocation(TASK_FILE, 20),
                "add logs to worker");

        Element failure = only(testcase(write(result(base, ep101(10), other)), LoggingRules.EP101), "failure");

        assertThat(failure.getAttribute("message"))
                .isEqualTo("2 findings: " + ep101(10).message());
        assertThat(failure.getTextContent())
                .contains(ep101(10).message())
                .contains(other.message())
                .contains(TASK_FILE + ":20");
    }

    @Test
    void aWarningPassesWithItsBlockInSystemOutUnlessFailOnWarning() throws Exception {
        Element passed = write(result(base, ep201(11)));
        assertThat(passed.getAttribute("failures")).isEqualTo("0");
        Element warned = testcase(passed, ImageReferenceRule.EP201);
        assertThat(children(warned, "failure")).isEmpty();
        assertThat(only(warned, "system-out").getTextContent())
                .startsWith("EP201 WARNING ")
                .contains("  fix: " + ep201(11).remediation());

        Element failed = write(result(base, true, ep201(11)));
        assertThat(failed.getAttribute("failures")).isEqualTo("1");
        Element failing = testcase(failed, ImageReferenceRule.EP201);
        assertThat(only(failing, "failure").getAttribute("type")).isEqualTo("EP201");
        assertThat(children(failing, "system-out")).isEmpty();
    }

    @Test
    void skippedRulesAreSkippedWithTheReason() throws Exception {
        Element suite = write(result(
                base,
                false,
                new ReportFixtures.Outcomes()
                        .skipped(ImageReferenceRule.EP201, PlatformRules.EP007)
                        .notRun(
                                "the image does not run on the task's platform (EP001)",
                                EntrypointRules.EP004,
                                EntrypointRules.EP005,
                                EntrypointRules.EP006),
                ep001(1)));

        assertThat(suite.getAttribute("tests")).isEqualTo(Integer.toString(RULES));
        // EP201 and EP007 by skipRules; EP004-EP006 because the image's platform already fails (EP001)
        assertThat(suite.getAttribute("skipped")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(only(testcase(suite, ImageReferenceRule.EP201), "skipped").getAttribute("message"))
                .isEqualTo("EP201 skipped by skipRules");
        assertThat(only(testcase(suite, EntrypointRules.EP005), "skipped").getAttribute("message"))
                .isEqualTo("EP005 not checked: the image does not run on the task's platform (EP001)");
        assertThat(children(testcase(suite, LoggingRules.EP101), "skipped")).isEmpty();
    }

    @Test
    void withoutTheEntrypointCheckItsRulesAreSkipped() throws Exception {
        Element suite = write(result(
                base,
                false,
                new ReportFixtures.Outcomes()
                        .notRun(
                                "checkEntrypoint is false",
                                EntrypointRules.EP004,
                                EntrypointRules.EP005,
                                EntrypointRules.EP006)));

        assertThat(suite.getAttribute("skipped")).isEqualTo("3");
        for (Rule rule : List.of(EntrypointRules.EP004, EntrypointRules.EP005, EntrypointRules.EP006)) {
            assertThat(only(testcase(suite, rule), "skipped").getAttribute("message"))
                    .isEqualTo(rule.id() + " not checked: checkEntrypoint is false");
        }
    }

    @Test
    void aFindingWithoutLocationNamesTheImage() throws Exception {
        Element failure = only(testcase(write(result(base, ep006WithoutLocation())), EntrypointRules.EP006), "failure");

        assertThat(failure.getTextContent()).contains("  where: " + ReportFixtures.IMAGE + "\n");
    }

    @Test
    void propertiesNameWhatWasCheckedAndNothingElse() throws Exception {
        Element suite =
                write(result(base, false, new ReportFixtures.Outcomes().skipped(ImageReferenceRule.EP201), ep001(1)));

        Map<String, String> properties = new LinkedHashMap<>();
        for (Element property : children(only(suite, "properties"), "property")) {
            properties.put(property.getAttribute("name"), property.getAttribute("value"));
        }
        assertThat(properties)
                .containsExactly(
                        Map.entry("ecsPreflight.version", ToolInfo.version()),
                        Map.entry("ecsPreflight.image", ReportFixtures.IMAGE),
                        Map.entry("ecsPreflight.imageDigest", ReportFixtures.DIGEST),
                        Map.entry("ecsPreflight.taskDefinition", TASK_FILE),
                        Map.entry("ecsPreflight.family", "orders"),
                        Map.entry("ecsPreflight.revision", "12"),
                        Map.entry("ecsPreflight.containerName", "app"),
                        Map.entry("ecsPreflight.skipRules", "EP201"),
                        Map.entry("ecsPreflight.failOnWarning", "false"),
                        Map.entry("ecsPreflight.result", "FAILED"));
    }

    @Test
    void markupControlCharactersAndCdataEndsStayWellFormed() throws Exception {
        Finding nasty = Finding.of(
                EntrypointRules.EP005,
                "The entrypoint </testcase> & \"x\" ]]> <![CDATA[ \u0001 is\r\nmissing.",
                new SourceLocation(TASK_FILE, 1),
                "fix ]]> it & more");

        Element suite = write(result(base, nasty));

        Element failure = only(testcase(suite, EntrypointRules.EP005), "failure");
        // control characters were written out by the finding itself (Messages.printable); markup stays well formed
        assertThat(failure.getAttribute("message"))
                .isEqualTo("The entrypoint </testcase> & \"x\" ]]> <![CDATA[ \\u0001 is\\r\\nmissing.");
        assertThat(failure.getTextContent())
                .contains("The entrypoint </testcase> & \"x\" ]]> <![CDATA[ \\u0001 is\\r\\nmissing.")
                .contains("fix: fix ]]> it & more");
        assertThat(children(suite, "testcase")).hasSize(RULES);
    }

    @Test
    void timeIsSecondsWithoutGrouping() {
        assertThat(JunitReport.seconds(0)).isEqualTo("0");
        assertThat(JunitReport.seconds(245)).isEqualTo("0.245");
        assertThat(JunitReport.seconds(1200)).isEqualTo("1.2");
        assertThat(JunitReport.seconds(1_234_567)).isEqualTo("1234.567");
    }

    @Test
    void noContainerEnvironmentValueIsWritten() throws Exception {
        assertThat(Files.readString(base.resolve(TASK_FILE))).contains(SECRET);
        Path file = JunitReport.write(
                result(base, ep001(1), ep101(10), ep201(11), ep006WithoutLocation()), reports, context(base));
        assertThat(Files.readString(file)).doesNotContain(SECRET).doesNotContain("DATABASE_PASSWORD");
    }
}
