package io.waitingroom.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A provisioned Grafana dashboard as the checks see it: its panels and the PromQL they run. */
final class GrafanaDashboard {

    static final Path WAITING_ROOM = Path.of("ops/grafana/dashboards/waiting-room.json");

    /** {@code label_values(selector, label)}: the selector is PromQL; {@code label_values(label)} names no metric. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.+),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$");
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((.+)\\)\\s*$");

    /** One PromQL expression and where it sits (a panel title or a variable name). */
    record Query(String where, String expr) {
    }

    private final JsonNode root;

    private GrafanaDashboard(JsonNode root) {
        this.root = root;
    }

    static GrafanaDashboard read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    static GrafanaDashboard parse(String json) {
        return new GrafanaDashboard(new ObjectMapper().readTree(json));
    }

    JsonNode root() {
        return root;
    }

    /** Every panel, rows' nested panels included. */
    List<JsonNode> panels() {
        List<JsonNode> all = new ArrayList<>();
        collectPanels(root.path("panels"), all);
        return all;
    }

    /** The PromQL of every panel target and every query variable. */
    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString("");
                if (!expr.isBlank()) {
                    queries.add(new Query("panel \"" + panel.path("title").asString("") + "\"", expr));
                }
            }
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asString(""))) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asString("") : query.asString("");
            String promQl = variablePromQl(text);
            if (promQl != null) {
                queries.add(new Query("variable $" + variable.path("name").asString(""), promQl));
            }
        }
        return queries;
    }

    /** Metric name -> where it is used, over every query of the dashboard. */
    Map<String, Set<String>> metricNames() {
        Map<String, Set<String>> usedBy = new TreeMap<>();
        for (Query query : queries()) {
            for (String name : PromQlMetricNames.of(query.expr())) {
                usedBy.computeIfAbsent(name, n -> new TreeSet<>()).add(query.where());
            }
        }
        return usedBy;
    }

    private static String variablePromQl(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (labelValues.matches()) {
            return labelValues.group(1);
        }
        Matcher queryResult = QUERY_RESULT.matcher(query);
        if (queryResult.matches()) {
            return queryResult.group(1);
        }
        return null;
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            into.add(panel);
            collectPanels(panel.path("panels"), into);
        }
    }
}
