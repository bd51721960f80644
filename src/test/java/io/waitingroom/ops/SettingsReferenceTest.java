package io.waitingroom.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings reference (docs/settings.md) and the settings themselves agree: every setting of
 * the service's own ({@code waiting-room.*}, {@code booking.*}, {@code points.*}) is documented with
 * the default its typed record gives it, as the configuration processor read it from the records
 * into the IDE metadata; and no configuration file writes a second default beside the record's.
 */
class SettingsReferenceTest {

    private static final Set<String> OURS = Set.of("waiting-room.", "booking.", "points.");
    private static final Path REFERENCE = Path.of("docs/settings.md");
    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
    /** A row of the table: | `name` [/ `name`...] | default [/ default...] | meaning | */
    private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+`) \\| ([^|]+) \\|");
    /** How the reference writes "no default": the record's default is empty or absent. */
    private static final Set<String> NO_DEFAULT = Set.of("none", "generated");

    @Test
    void everySettingIsDocumentedWithTheDefaultOfItsRecord() throws IOException {
        Map<String, String> metadata = metadataDefaults();
        Map<String, String> documented = documentedDefaults();
        assertThat(metadata).as("settings in the metadata").hasSizeGreaterThan(30);

        assertThat(documented.keySet()).as("settings of the reference").containsAll(metadata.keySet());
        List<String> wrong = new ArrayList<>();
        documented.forEach((name, written) -> {
            if (!metadata.containsKey(name)) {
                wrong.add(name + ": documented, but no such setting");
                return;
            }
            String actual = metadata.get(name);
            boolean same = actual.isEmpty() ? NO_DEFAULT.contains(written) : written.equals(actual);
            if (!same) {
                wrong.add(name + ": documented " + written + ", the record says " + (actual.isEmpty() ? "(none)" : actual));
            }
        });
        assertThat(wrong).as("settings whose reference and record disagree").isEmpty();
    }

    @Test
    void noConfigurationFileRepeatsADefaultOfTheRecords() throws IOException {
        for (String file : List.of("application.yml", "application-mysql.yml")) {
            try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources", file))) {
                Map<String, Object> yaml = new Yaml().load(reader);
                assertThat(yaml.keySet()).as("top-level keys of %s", file)
                        .doesNotContain("waiting-room", "booking", "points");
            }
        }
    }

    /** Name to default as text ("" when the record has none), for our settings only. */
    private static Map<String, String> metadataDefaults() throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(METADATA));
        Map<String, String> defaults = new TreeMap<>();
        for (JsonNode property : root.path("properties")) {
            String name = property.path("name").asString();
            if (OURS.stream().anyMatch(name::startsWith)) {
                JsonNode value = property.path("defaultValue");
                defaults.put(name, value.isArray() ? String.join(",", value.valueStream().map(JsonNode::asString).toList())
                        : value.isMissingNode() || value.isNull() ? "" : value.asString());
            }
        }
        return defaults;
    }

    private static Map<String, String> documentedDefaults() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REFERENCE)) {
            Matcher row = ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            String[] names = row.group(1).split(" / ");
            String first = unquote(names[0]);
            if (OURS.stream().noneMatch(first::startsWith)) {
                continue;
            }
            String[] defaults = row.group(2).trim().split(" / ");
            assertThat(defaults).as("defaults of the row %s", row.group(1)).hasSameSizeAs(names);
            for (int i = 0; i < names.length; i++) {
                String name = unquote(names[i]);
                // "`booking.seat-lock-wait` / `seat-lock-lease`": the second shares the first's prefix.
                if (!name.contains(".")) {
                    name = first.substring(0, first.lastIndexOf('.') + 1) + name;
                }
                documented.put(name, defaultOf(defaults[i]));
            }
        }
        return documented;
    }

    /** "0 (off)" is 0, "`header`" is header. */
    private static String defaultOf(String written) {
        return unquote(written.replaceFirst("\\s*\\(.*\\)$", "").trim());
    }

    private static String unquote(String text) {
        return text.trim().replaceAll("^`|`$", "");
    }
}
