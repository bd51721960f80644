package io.waitingroom.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.waitingroom.common.problem.ProblemCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' texts live in one message file per language: both files say the same things with
 * the same placeholders, every key a page uses exists, every problem code the server can send
 * has words, and the scripts hold no text of their own.
 */
class MessageFilesTest {

    private static final Path STATIC = Path.of("src", "main", "resources", "static");
    private static final List<String> LANGUAGES = List.of("ko", "en");
    private static final List<String> PAGES = List.of("index.html", "operator.html");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)(?:,\\s*(\\w+))?}");
    /** What the pages say when no answer came at all (the server never sends it). */
    private static final List<String> PAGE_ONLY_CODES = List.of("NETWORK");

    @Test
    void everyLanguageHasTheSameMessagesWithTheSamePlaceholders() {
        Map<String, Object> en = Messages.of("en").flatten();
        Map<String, Object> ko = Messages.of("ko").flatten();
        assertThat(ko.keySet()).as("keys of ko.json against en.json").isEqualTo(en.keySet());
        for (String key : en.keySet()) {
            assertThat(placeholders(ko.get(key))).as("placeholders of %s in ko.json", key)
                    .isEqualTo(placeholders(en.get(key)));
            for (Object value : List.of(en.get(key), ko.get(key))) {
                if (value instanceof Map<?, ?> plural) {
                    assertThat(plural.get("other")).as("plural %s has an 'other' form", key).isInstanceOf(String.class);
                } else {
                    assertThat(value).as(key).isInstanceOf(String.class);
                    assertThat((String) value).as(key).isNotBlank();
                }
            }
        }
    }

    @Test
    void everyKeyThePagesUseHasAMessageInEveryLanguage() throws IOException {
        Set<String> used = new TreeSet<>();
        for (String page : PAGES) {
            Matcher html = Pattern.compile("data-i18n(?:-[a-z-]+)?=\"([^\"]+)\"").matcher(Files.readString(STATIC.resolve(page)));
            while (html.find()) {
                used.add(html.group(1));
            }
        }
        Set<String> namespaces = Messages.of("en").tree().keySet();
        Pattern literal = Pattern.compile("'((?:" + String.join("|", namespaces) + ")\\.[A-Za-z][\\w.]*)'");
        for (Path script : scripts()) {
            Matcher m = literal.matcher(Files.readString(script));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        for (String status : List.of("HELD", "PAID", "EXPIRED")) { // checkout.statusName.${status}
            used.add("checkout.statusName." + status);
        }
        for (String state : List.of("off", "connecting", "live", "reconnecting")) { // operator.state.${state}
            used.add("operator.state." + state);
        }
        assertThat(used).as("keys found in the pages and the scripts").hasSizeGreaterThan(150);
        for (String language : LANGUAGES) {
            Messages messages = Messages.of(language);
            assertThat(used.stream().filter(key -> messages.entry(key) == null).toList())
                    .as("keys used by the pages but missing from %s.json", language).isEmpty();
        }
    }

    @Test
    void everyProblemCodeTheServerSendsHasWordsInEveryLanguage() {
        for (String language : LANGUAGES) {
            Messages messages = Messages.of(language);
            List<String> missing = new java.util.ArrayList<>();
            for (ProblemCode code : ProblemCode.values()) {
                if (!(messages.entry(code.messageKey()) instanceof String)) {
                    missing.add(code.name());
                }
            }
            for (String code : PAGE_ONLY_CODES) {
                if (!(messages.entry("errors." + code) instanceof String)) {
                    missing.add(code);
                }
            }
            assertThat(missing).as("problem codes without words in %s.json", language).isEmpty();
        }
    }

    @Test
    void theScriptsHoldNoTextOfTheirOwn() throws IOException {
        Pattern hangul = Pattern.compile("[\\uAC00-\\uD7A3\\u3131-\\u318E]");
        // a literal that starts with a capital and has two lowercase words in a row reads as a sentence
        Pattern sentence = Pattern.compile("(['\"`])[A-Z][a-z']+[^'\"`\\n]*?\\b[a-z']{2,} [a-z']{2,}[^'\"`\\n]*\\1");
        for (Path script : scripts()) {
            String code = withoutComments(Files.readString(script));
            assertThat(hangul.matcher(code).find()).as("Korean text in %s", script).isFalse();
            Matcher m = sentence.matcher(code);
            assertThat(m.find() ? m.group() : null).as("an English sentence in %s", script).isNull();
        }
    }

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(STATIC)) {
            List<Path> scripts = files.filter(p -> p.toString().endsWith(".js")).sorted().toList();
            assertThat(scripts).isNotEmpty();
            return scripts;
        }
    }

    private static String withoutComments(String js) {
        return js.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)(^|\\s)//.*$", "$1");
    }

    private static Set<String> placeholders(Object message) {
        Stream<Object> forms = message instanceof Map<?, ?> plural ? plural.values().stream().map(v -> (Object) v) : Stream.of(message);
        return forms.flatMap(form -> PLACEHOLDER.matcher(String.valueOf(form)).results().map(r -> r.group(0)))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
