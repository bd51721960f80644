package io.waitingroom.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * docs/api.md and the OpenAPI description the running service serves name the same endpoints:
 * each `METHOD /path` row of the contract's tables is served, and each served path (actuator and
 * the API docs themselves aside) is in the contract.
 */
class ApiContractDocTest extends TestBase {

    private static final Path CONTRACT = Path.of("docs/api.md");
    /** A table row whose first cell starts with a code span such as `POST /api/v1/payments`. */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\|\\s*`(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\\s+(/[^`\\s]*)");
    /** A row of the error table: `CODE` | status | ... */
    private static final Pattern CODE_ROW = Pattern.compile("^\\|\\s*`([A-Z][A-Z_]+)`\\s*\\|\\s*(\\d{3})\\s*\\|");
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "patch", "delete", "options");
    private static final Pattern NOT_THE_API = Pattern.compile("^/(actuator|v3/api-docs|swagger-ui|webjars)(/.*)?$");

    @Test
    void theContractAndTheOpenApiDescriptionNameTheSameEndpoints() throws IOException {
        Set<String> documented = documentedEndpoints();
        Set<String> served = servedEndpoints();
        assertThat(documented).as("endpoints found in %s", CONTRACT).hasSizeGreaterThan(10);
        assertThat(served).as("endpoints in /v3/api-docs").hasSizeGreaterThan(10);

        Set<String> documentedButNotServed = new TreeSet<>(documented);
        documentedButNotServed.removeAll(served);
        Set<String> servedButNotDocumented = new TreeSet<>(served);
        servedButNotDocumented.removeAll(documented);

        assertSoftly(softly -> {
            softly.assertThat(documentedButNotServed).as("rows of %s that /v3/api-docs does not describe", CONTRACT).isEmpty();
            softly.assertThat(servedButNotDocumented).as("endpoints in /v3/api-docs that %s does not document", CONTRACT).isEmpty();
        });
    }

    /** The error table of the contract lists every code of {@link ProblemCode}, each with its status, and no other. */
    @Test
    void theContractListsEveryProblemCodeWithItsStatus() throws IOException {
        Map<String, Integer> documented = new TreeMap<>();
        for (String line : Files.readAllLines(CONTRACT)) {
            Matcher row = CODE_ROW.matcher(line);
            if (row.find()) {
                documented.put(row.group(1), Integer.parseInt(row.group(2)));
            }
        }
        Map<String, Integer> codes = new TreeMap<>();
        for (ProblemCode code : ProblemCode.values()) {
            codes.put(code.name(), code.status().value());
        }
        assertThat(documented).as("the code table of %s against ProblemCode", CONTRACT).isEqualTo(codes);
    }

    private static Set<String> documentedEndpoints() throws IOException {
        Set<String> endpoints = new TreeSet<>();
        for (String line : Files.readAllLines(CONTRACT)) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.find()) {
                endpoints.add(row.group(1) + " " + row.group(2));
            }
        }
        return endpoints;
    }

    private Set<String> servedEndpoints() {
        String description = web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode paths = new ObjectMapper().readTree(description).path("paths");
        Set<String> endpoints = new TreeSet<>();
        for (Iterator<String> it = paths.propertyNames().iterator(); it.hasNext(); ) {
            String path = it.next();
            if (NOT_THE_API.matcher(path).matches()) {
                continue;
            }
            for (Iterator<String> ops = paths.path(path).propertyNames().iterator(); ops.hasNext(); ) {
                String method = ops.next();
                if (METHODS.contains(method)) {
                    endpoints.add(method.toUpperCase() + " " + path);
                }
            }
        }
        return endpoints;
    }
}
