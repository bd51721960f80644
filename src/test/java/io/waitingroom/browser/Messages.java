package io.waitingroom.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openqa.selenium.json.Json;

/** The pages' message file of one language (src/main/resources/static/i18n/{lang}.json), read as the page reads it. */
record Messages(String language, Map<String, Object> tree) {

    static final Path DIR = Path.of("src", "main", "resources", "static", "i18n");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)(?:,\\s*\\w+)?}");

    @SuppressWarnings("unchecked")
    static Messages of(String language) {
        try {
            String json = Files.readString(DIR.resolve(language + ".json"));
            return new Messages(language, new Json().toType(json, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw entry at a dotted key: a string, a map of plural categories, or null. */
    @SuppressWarnings("unchecked")
    Object entry(String key) {
        Object node = tree;
        for (String part : key.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = ((Map<String, Object>) map).get(part);
        }
        return node;
    }

    /** The message text at a key; a plural message gives its "other" form. */
    String text(String key) {
        Object entry = entry(key);
        if (entry instanceof Map<?, ?> plural && plural.get("other") instanceof String other) {
            return other;
        }
        if (!(entry instanceof String s)) {
            throw new IllegalArgumentException("no message " + key + " in " + language + ".json");
        }
        return s;
    }

    /** The message with its placeholders replaced by the given, already formatted, values. */
    String format(String key, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text(key));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for {" + m.group(1) + "} of " + key);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The message for a count n: its "one" form when n is 1 and the language has one, else as {@link #format}. */
    String format(String key, long n, Map<String, String> values) {
        if (n == 1 && entry(key) instanceof Map<?, ?> plural && plural.get("one") instanceof String one) {
            return new Messages(language, Map.of("m", one)).format("m", values);
        }
        return format(key, values);
    }

    /** The text before a message's first placeholder (for messages whose values the test cannot know). */
    String prefix(String key) {
        String text = text(key);
        int brace = text.indexOf('{');
        return brace < 0 ? text : text.substring(0, brace);
    }

    /** Every key with a message, plural messages as one key each (their categories differ by language). */
    Map<String, Object> flatten() {
        Map<String, Object> out = new TreeMap<>();
        flatten("", tree, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> map && !map.containsKey("other")) {
            ((Map<String, Object>) map).forEach((k, v) -> flatten(prefix.isEmpty() ? k : prefix + "." + k, v, out));
        } else {
            out.put(prefix, node);
        }
    }
}
