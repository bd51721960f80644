package io.waitingroom.queue;

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

/**
 * redis/lib/prelude.lua is put in front of every script: a script that declared a local of the same
 * name would quietly shadow it, and one that kept its own copy of the clock or the sale-start rule
 * would let the copies drift apart.
 */
class PreludeTest {

    private static final Path REDIS = Path.of("redis");
    private static final Pattern LOCAL_FUNCTION = Pattern.compile("(?m)^local function (\\w+)\\(");

    @Test
    void thePreludeDefinesTheSharedFunctions() throws IOException {
        assertThat(preludeNames()).containsExactlyInAnyOrder("saleOpensAt", "redisNowMillis");
    }

    @Test
    void noScriptRedefinesANameOfThePrelude() throws IOException {
        List<String> names = preludeNames();
        for (Path script : scripts()) {
            String body = Files.readString(script);
            for (String name : names) {
                assertThat(body).as("%s defines %s", script, name)
                        .doesNotContainPattern("local\\s+(function\\s+)?" + name + "\\b")
                        .doesNotContainPattern("(?m)^\\s*" + name + "\\s*=")
                        .doesNotContainPattern("function\\s+" + name + "\\b");
            }
        }
    }

    @Test
    void onlyThePreludeReadsRedisTime() throws IOException {
        for (Path script : scripts()) {
            assertThat(Files.readString(script)).as(script.toString()).doesNotContain("'TIME'");
        }
    }

    private static List<String> preludeNames() throws IOException {
        Matcher matcher = LOCAL_FUNCTION.matcher(Files.readString(REDIS.resolve("lib/prelude.lua")));
        List<String> names = new ArrayList<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(REDIS)) {
            List<Path> scripts = files.filter(file -> file.toString().endsWith(".lua")).sorted().toList();
            assertThat(scripts).hasSize(9);
            return scripts;
        }
    }
}
