package io.github.ecspreflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What users read holds together: every link inside the repository lands, and CI runs the README's test command. */
class DocumentationTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,4} (.+)$");

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
    private static String anchor(String heading) {
        return heading.toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    @Test
    void everyLinkWithinTheRepositoryLandsOnAFileAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher links = LINK.matcher(Files.readString(page));
            while (links.find()) {
                String target = links.group(1);
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path linked = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(linked)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && linked.toString().endsWith(".md")) {
                    String wanted = target.substring(hash + 1);
                    boolean found = HEADING.matcher(Files.readString(linked))
                            .results()
                            .anyMatch(h -> anchor(h.group(1)).equals(wanted));
                    if (!found) {
                        broken.add(page + ": " + target + " (no such heading)");
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmeIsAManualOfAboutThreeHundredLinesThatNeverPointsOutsideTheRepository() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        assertThat(readme.size()).isLessThanOrEqualTo(340);
        assertThat(String.join("\n", readme)).doesNotContain("../shared").doesNotContain("DESIGN.md");
        for (Path page : pages()) {
            assertThat(Files.readString(page)).as(page.toString()).doesNotContain("../shared/");
        }
    }

    @Test
    void ciRunsTheTestCommandTheReadmeShows() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher command =
                Pattern.compile("# 2\\. All tests[^\\n]*\\n(mvn [^\\n]+)").matcher(readme);
        assertThat(command.find()).as("the README's test command").isTrue();
        List<String> ci = Files.readAllLines(Path.of(".ci/run"));
        assertThat(ci.stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")))
                .last()
                .isEqualTo(command.group(1));
    }
}
