package io.waitingroom.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The project stands alone: the README and docs/ link only to files that are in the repository. */
class DocumentLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    /** A Markdown link or image target: [text](target) or [text](target "title"). */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    @Test
    void everyLinkOfTheReadmeAndTheDocsIsAFileOfTheRepository() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).forEach(documents::add);
        }
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path document : documents) {
            Matcher link = LINK.matcher(Files.readString(document));
            while (link.find()) {
                links++;
                String target = link.group(1);
                String file = target.replaceFirst("#.*$", "");
                if (target.startsWith("#")) {
                    continue;
                }
                Path resolved = document.getParent().resolve(file).normalize();
                if (target.contains("://") || target.startsWith("mailto:") || !resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(document) + ": " + target);
                }
            }
        }
        assertThat(links).as("links found").isGreaterThan(5);
        assertThat(broken).as("links that leave the repository or name a missing file").isEmpty();
    }

    @Test
    void theReadmeIsShortOpensWithTheTwoCommandsAndLeadsToEveryPage() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        assertThat(readme).as("lines of the README").hasSizeLessThanOrEqualTo(200);
        assertThat(String.join("\n", readme.subList(0, 6)))
                .contains("./mvnw spring-boot:run").contains("./mvnw test");
        String text = String.join("\n", readme);
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            assertThat(docs.filter(path -> path.toString().endsWith(".md")).map(path -> "(docs/" + path.getFileName() + ")"))
                    .as("pages of docs/ the README links to")
                    .allSatisfy(link -> assertThat(text).contains(link));
        }
    }
}
