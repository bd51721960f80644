package io.waitingroom.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose file, the Prometheus and Grafana files and the dashboard fit together, so that
 * `docker compose up` shows a filled dashboard: Prometheus scrapes the app where it serves its
 * metrics, Grafana loads the dashboard from where compose mounts it, and every panel asks the
 * data source Grafana provisions. (`docker-compose config` in .ci/run checks the compose syntax.)
 */
class MonitoringStackTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path PROMETHEUS = Path.of("ops/prometheus/prometheus.yml");
    private static final Path DATASOURCES = Path.of("ops/grafana/provisioning/datasources/prometheus.yml");
    private static final Path DASHBOARD_PROVIDERS = Path.of("ops/grafana/provisioning/dashboards/waiting-room.yml");

    @Test
    void prometheusScrapesEveryReplicaOfTheAppWhereItServesItsMetrics() throws IOException {
        Map<String, Object> services = map(yaml(COMPOSE).get("services"));
        Map<String, Object> job = onlyElement(yaml(PROMETHEUS).get("scrape_configs"));
        Map<String, Object> discovery = onlyElement(job.get("dns_sd_configs"));

        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(discovery.get("type")).isEqualTo("A");
        assertThat(list(discovery.get("names"))).containsExactly("app");
        assertThat(services).containsKey("app");
        assertThat(list(map(services.get("app")).get("ports"))).singleElement().asString().endsWith(":8080");
        assertThat(discovery.get("port").toString())
                .isEqualTo(map(map(services.get("app")).get("environment")).get("MANAGEMENT_SERVER_PORT"));
        assertThat(map(services.get("prometheus")).get("volumes").toString()).contains("./" + PROMETHEUS + ":");
    }

    @Test
    void grafanaLoadsTheDashboardFromWhereComposeMountsIt() throws IOException {
        Map<String, Object> grafana = map(map(yaml(COMPOSE).get("services")).get("grafana"));
        Map<String, Object> provider = onlyElement(yaml(DASHBOARD_PROVIDERS).get("providers"));
        String dashboardsInContainer = (String) map(provider.get("options")).get("path");

        assertThat(list(grafana.get("volumes")))
                .contains("./" + GrafanaDashboard.WAITING_ROOM.getParent() + ":" + dashboardsInContainer + ":ro")
                .contains("./ops/grafana/provisioning:/etc/grafana/provisioning:ro");
        assertThat(map(grafana.get("environment")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
                .isEqualTo(dashboardsInContainer + "/" + GrafanaDashboard.WAITING_ROOM.getFileName());
        Map<String, Object> dataSource = onlyElement(yaml(DATASOURCES).get("datasources"));
        assertThat(dataSource.get("url")).isEqualTo("http://prometheus:9090");
    }

    @Test
    void everyBindMountOfTheComposeFileExistsInTheRepository() throws IOException {
        Map<String, Object> services = map(yaml(COMPOSE).get("services"));
        int checked = 0;
        for (Object service : services.values()) {
            for (Object volume : list(map(service).getOrDefault("volumes", List.of()))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Path.of(source)).as("bind mount source %s", source).exists();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyPanelAsksTheProvisionedDataSource() throws IOException {
        String uid = (String) onlyElement(yaml(DATASOURCES).get("datasources")).get("uid");
        GrafanaDashboard dashboard = GrafanaDashboard.read(GrafanaDashboard.WAITING_ROOM);
        Set<Integer> ids = new HashSet<>();
        int charts = 0;

        for (JsonNode panel : dashboard.panels()) {
            String title = panel.path("title").asString("");
            assertThat(ids.add(panel.path("id").asInt())).as("panel id of \"%s\" is unique", title).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("\"%s\" fits the 24 columns", title).isLessThanOrEqualTo(24);
            if ("row".equals(panel.path("type").asString(""))) {
                continue;
            }
            charts++;
            assertThat(panel.path("datasource").path("uid").asString("")).as("data source of \"%s\"", title).isEqualTo(uid);
            assertThat(panel.path("targets").size()).as("queries of \"%s\"", title).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asString(uid)).as("data source of a query of \"%s\"", title).isEqualTo(uid);
                assertThat(target.path("expr").asString("")).as("a query of \"%s\"", title).isNotBlank();
            }
        }
        for (JsonNode variable : dashboard.root().path("templating").path("list")) {
            assertThat(variable.path("datasource").path("uid").asString("")).isEqualTo(uid);
        }
        assertThat(charts).isGreaterThan(20);
    }

    @Test
    void everyMetricOfTheDashboardIsDocumentedInTheOperationsPage() throws IOException {
        String page = Files.readString(Path.of("docs/operations.md"));
        Set<String> names = GrafanaDashboard.read(GrafanaDashboard.WAITING_ROOM).metricNames().keySet();
        assertThat(names).isNotEmpty();

        assertThat(names).allSatisfy(name -> assertThat(page)
                .as("docs/operations.md names %s", name)
                .containsAnyOf("`" + name + "`", "`" + name.replaceFirst("_(bucket|count|sum|max)$", "") + "`"));
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return (List<Object>) node;
    }

    private static Map<String, Object> onlyElement(Object node) {
        List<Object> items = list(node);
        assertThat(items).hasSize(1);
        return map(items.get(0));
    }
}
