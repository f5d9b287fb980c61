package io.github.ecspreflight.report;

import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.Outcome;
import io.github.ecspreflight.check.Rule;
import io.github.ecspreflight.check.SeverityPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code TEST-ecs-preflight.xml}: the check as a JUnit test suite, in the layout Maven Surefire writes (root
 * {@code testsuite} with {@code name time tests errors skipped failures}, {@code properties}, {@code testcase name
 * classname time}, {@code failure message type} with the details as its text, {@code skipped message},
 * {@code system-out}), so that CI test tabs (GitLab's {@code artifacts:reports:junit}, Jenkins, dorny/test-reporter,
 * EnricoMi/publish-unit-test-result-action) show the findings beside the unit tests.
 *
 * <p>One test case per rule for the checked container, named {@code "EP001 <rule title>"} in class
 * {@code ecs-preflight.<container>}, in rule order:
 * <ul>
 *   <li>an ERROR finding is a {@code failure} (several findings of one rule share it: the first message, every block);
 *   <li>a WARNING finding is a {@code failure} when {@code failOnWarning} made it fail the build, else the test case
 *       passes and carries the warning in {@code system-out}: the test tab agrees with the build's verdict, and the
 *       warning is still there to read;
 *   <li>a rule that did not run is {@code skipped}, with the reason its outcome gives: named in {@code skipRules}
 *       (SKIPPED), or not judged (NOT_RUN: {@code checkEntrypoint=false}, an image for another platform, a value known
 *       only at deployment, no evidence of the execution role's policies);
 *   <li>any other rule passed.
 * </ul>
 * {@code errors} is always 0: unusable input stops the build before any report is written.
 */
public final class JunitReport {

    public static final String FILE_NAME = ReportFormat.JUNIT.fileName();
    static final String SUITE = "ecs-preflight";
    private static final String SCHEMA_LOCATION =
            "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd";

    private JunitReport() {}

    public static Path write(CheckResult result, Path directory, ReportContext context) throws IOException {
        return ReportFiles.write(directory, FILE_NAME, out -> write(result, context, out));
    }

    /** One test case: the rule's findings that failed the build, its warnings that did not, or why it did not run. */
    private record Case(Rule rule, List<Finding> failures, List<Finding> passedWarnings, String skipped) {}

    private static List<Case> cases(CheckResult result) {
        List<Case> cases = new ArrayList<>();
        for (Outcome outcome : result.outcomes()) {
            Rule rule = outcome.rule();
            List<Finding> findings = result.findings().stream()
                    .filter(f -> f.rule().equals(rule))
                    .toList();
            List<Finding> failures = findings.stream()
                    .filter(f -> SeverityPolicy.failsBuild(f, result.failOnWarning()))
                    .toList();
            List<Finding> warnings =
                    findings.stream().filter(f -> !failures.contains(f)).toList();
            String skipped = switch (outcome.status()) {
                case SKIPPED -> outcome.reason();
                case NOT_RUN -> rule.id() + " not checked: " + outcome.reason();
                case PASSED, FAILED -> null;
            };
            cases.add(new Case(rule, failures, warnings, skipped));
        }
        return cases;
    }

    static void write(CheckResult result, ReportContext context, OutputStream out) throws IOException {
        List<Case> outcomes = cases(result);
        // the module in the names, so that CI tells the suites of a reactor's modules apart
        String suite = context.module() == null ? SUITE : SUITE + "." + context.module();
        String classname = suite + "." + result.container();
        try {
            XMLStreamWriter xml =
                    XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            xml.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
            xml.writeAttribute(
                    "http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation", SCHEMA_LOCATION);
            xml.writeAttribute("version", "3.0.2");
            xml.writeAttribute("name", suite);
            xml.writeAttribute("time", seconds(result.durationMillis()));
            xml.writeAttribute("tests", Integer.toString(outcomes.size()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute(
                    "skipped",
                    Long.toString(
                            outcomes.stream().filter(o -> o.skipped() != null).count()));
            xml.writeAttribute(
                    "failures",
                    Long.toString(outcomes.stream()
                            .filter(o -> !o.failures().isEmpty())
                            .count()));

            indent(xml, 1);
            xml.writeStartElement("properties");
            for (Map.Entry<String, String> property :
                    properties(result, context).entrySet()) {
                indent(xml, 2);
                xml.writeEmptyElement("property");
                xml.writeAttribute("name", property.getKey());
                xml.writeAttribute("value", clean(property.getValue()));
            }
            indent(xml, 1);
            xml.writeEndElement();

            for (Case outcome : outcomes) {
                boolean empty =
                        outcome.failures().isEmpty() && outcome.passedWarnings().isEmpty() && outcome.skipped() == null;
                indent(xml, 1);
                if (empty) {
                    xml.writeEmptyElement("testcase");
                } else {
                    xml.writeStartElement("testcase");
                }
                xml.writeAttribute(
                        "name", outcome.rule().id() + " " + outcome.rule().title());
                xml.writeAttribute("classname", classname);
                xml.writeAttribute("time", "0");
                if (empty) {
                    continue;
                }
                if (!outcome.failures().isEmpty()) {
                    indent(xml, 2);
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", oneLine(outcome.failures()));
                    xml.writeAttribute("type", outcome.rule().id());
                    cdata(xml, blocks(outcome.failures(), result));
                    xml.writeEndElement();
                }
                if (outcome.skipped() != null) {
                    indent(xml, 2);
                    xml.writeEmptyElement("skipped");
                    xml.writeAttribute("message", outcome.skipped());
                }
                if (!outcome.passedWarnings().isEmpty()) {
                    indent(xml, 2);
                    xml.writeStartElement("system-out");
                    cdata(xml, blocks(outcome.passedWarnings(), result));
                    xml.writeEndElement();
                }
                indent(xml, 1);
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    /** What was checked, as Surefire lists the JVM's properties; nothing from a container's environment. */
    private static Map<String, String> properties(CheckResult result, ReportContext context) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ecsPreflight.version", ToolInfo.version());
        properties.put("ecsPreflight.image", result.imageReference());
        if (result.image().digest() != null) {
            properties.put("ecsPreflight.imageDigest", result.image().digest());
        }
        properties.put("ecsPreflight.taskDefinition", result.taskDefinition().source());
        if (result.taskDefinition().family() != null) {
            properties.put("ecsPreflight.family", result.taskDefinition().family());
        }
        if (result.taskDefinition().revision() != null) {
            properties.put(
                    "ecsPreflight.revision", result.taskDefinition().revision().toString());
        }
        properties.put("ecsPreflight.containerName", result.container());
        String skipped = result.outcomes().stream()
                .filter(o -> o.status() == Outcome.Status.SKIPPED)
                .map(o -> o.rule().id())
                .collect(Collectors.joining(","));
        if (!skipped.isEmpty()) {
            properties.put("ecsPreflight.skipRules", skipped);
        }
        properties.put("ecsPreflight.failOnWarning", Boolean.toString(result.failOnWarning()));
        properties.put("ecsPreflight.result", result.failed() ? "FAILED" : "PASSED");
        return properties;
    }

    /** The failure's message attribute: one line, as CI tabs show it in a list. */
    private static String oneLine(List<Finding> findings) {
        String first = findings.get(0).message();
        String message = findings.size() == 1 ? first : findings.size() + " findings: " + first;
        return clean(message).replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** The log's blocks (what, where, fix), one per finding. */
    private static String blocks(List<Finding> findings, CheckResult result) {
        return findings.stream()
                .map(f -> String.join("\n", LogReport.block(f, result.imageReference())) + "\n")
                .collect(Collectors.joining("\n"));
    }

    /** Surefire's time: seconds, at most three decimals, no grouping. */
    static String seconds(long millis) {
        BigDecimal seconds = BigDecimal.valueOf(Math.max(0, millis), 3).stripTrailingZeros();
        return seconds.signum() == 0 ? "0" : seconds.toPlainString();
    }

    private static void indent(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }

    /** Text as CDATA, split where it holds {@code ]]>}, as Surefire splits it. */
    private static void cdata(XMLStreamWriter xml, String text) throws XMLStreamException {
        String clean = clean(text);
        int from = 0;
        int at;
        while ((at = clean.indexOf("]]>", from)) >= 0) {
            xml.writeCData(clean.substring(from, at + 2));
            from = at + 2;
        }
        xml.writeCData(clean.substring(from));
    }

    /** Drops what XML 1.0 cannot hold (control characters other than tab, newline and carriage return). */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == 0x9
                    || c == 0xA
                    || c == 0xD
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            out.appendCodePoint(allowed ? c : 0xFFFD);
        });
        return out.toString();
    }
}
