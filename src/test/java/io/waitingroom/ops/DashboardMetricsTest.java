package io.waitingroom.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static io.waitingroom.support.BookingCalls.firstScheduleOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard shows only what the service exports: every metric its PromQL names must be in
 * this service's /actuator/prometheus, after a little traffic that registers the lazily created
 * meters (one per concert, outcome or problem code). Names are compared as sample names, so a
 * {@code _bucket} series only counts when the timer really publishes a histogram.
 */
// A deadline short enough to wait for, long enough for the first holds and payments of a new context.
@TestPropertySource(properties = "waiting-room.web.request-deadline=3s")
class DashboardMetricsTest extends TestBase {

    /** Series Prometheus writes for every scrape target itself; the service cannot export them. */
    private static final Set<String> PER_TARGET_SERIES = Set.of("up");

    @Test
    void everyMetricTheDashboardQueriesIsExportedByTheService() throws Exception {
        Map<String, Set<String>> usedBy = GrafanaDashboard.read(GrafanaDashboard.WAITING_ROOM).metricNames();
        // A parser that found nothing would pass anything: the dashboard has a few dozen series.
        assertThat(usedBy).as("metric names found in the dashboard").hasSizeGreaterThan(20);

        generateTrafficOfEveryKind();
        Set<String> exported = exportedSampleNames();
        assertThat(exported).as("sample names the service exports").contains("waiting_room_waiting", "jvm_memory_used_bytes");

        List<String> missing = missing(usedBy, exported);
        assertThat(missing).withFailMessage("The dashboard queries metrics the service does not export:%n  %s",
                String.join("\n  ", missing)).isEmpty();
    }

    @Test
    void aMetricTheServiceDoesNotExportIsReported() {
        GrafanaDashboard bogus = GrafanaDashboard.parse("""
                {"panels": [{"type": "row", "title": "Queue", "panels": [
                  {"type": "timeseries", "title": "Seats sold",
                   "targets": [{"expr": "sum(rate(booking_seats_sold_total{concert=~\\"$concert\\"}[$__rate_interval]))"}]},
                  {"type": "timeseries", "title": "Entry p99",
                   "targets": [{"expr": "histogram_quantile(0.99, sum by (le) (rate(waiting_room_entry_seconds_bucket[5m])))"}]}]}],
                 "templating": {"list": [{"type": "query", "name": "concert", "query": "label_values(waiting_room_waiting, concert)"}]}}
                """);
        Set<String> exported = Set.of("waiting_room_waiting", "waiting_room_entry_seconds_count", "waiting_room_entry_seconds_sum");

        assertThat(missing(bogus.metricNames(), exported)).containsExactly(
                "booking_seats_sold_total (panel \"Seats sold\")",
                "waiting_room_entry_seconds_bucket (panel \"Entry p99\"; waiting_room_entry_seconds has no histogram buckets: publish a percentile histogram)");
    }

    private static List<String> missing(Map<String, Set<String>> usedBy, Set<String> exported) {
        List<String> missing = new ArrayList<>();
        usedBy.forEach((name, where) -> {
            if (exported.contains(name) || PER_TARGET_SERIES.contains(name)) {
                return;
            }
            String line = name + " (" + String.join(", ", where);
            if (name.endsWith("_bucket")) {
                String base = name.substring(0, name.length() - "_bucket".length());
                if (exported.contains(base + "_count")) {
                    line += "; " + base + " has no histogram buckets: publish a percentile histogram";
                }
            }
            missing.add(line + ")");
        });
        return missing;
    }

    private Set<String> exportedSampleNames() {
        String exposition = web.get().uri("/actuator/prometheus").accept(MediaType.TEXT_PLAIN)
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /**
     * A short visit of every kind the dashboard charts: entries, polls (good and forged), a tick,
     * holds and payments with each outcome, settings reads. Each step checks its status, so a
     * step that stops working fails here instead of leaving a meter unregistered.
     */
    private void generateTrafficOfEveryKind() {
        long concert = 1;
        long schedule = firstScheduleOf(concert);
        String first = queue.tokenOf(1, concert);
        entry(1, concert).expectStatus().isOk();
        entry(2, 999).expectStatus().isNotFound();
        String second = queue.tokenOf(2, concert);
        poll("forged.token.value").expectStatus().isUnauthorized();
        poll(second).expectStatus().isOk();
        poll(second).expectStatus().isOk();
        web.get().uri("/admin/queues/{id}/settings", concert).header("X-Admin-Key", ADMIN_KEY).exchange().expectStatus().isOk();

        queue.tick(concert);
        web.get().uri("/api/v1/concerts/{id}/queue", concert).exchange().expectStatus().isOk();
        String waiting = queue.tokenOf(3, concert);
        booking.hold(waiting, schedule, 3).expectStatus().isForbidden();

        long firstHold = reservationId(booking.hold(first, schedule, 1).expectStatus().isCreated());
        booking.hold(second, schedule, 1).expectStatus().isEqualTo(409);
        long secondHold = reservationId(booking.hold(second, schedule, 2).expectStatus().isCreated());

        charge(1, 1_000_000);
        pay(1, firstHold, "pay-1").expectStatus().isCreated();
        pay(1, firstHold, "pay-2").expectStatus().isEqualTo(409);
        pay(2, firstHold, "pay-3").expectStatus().isForbidden();
        pay(1, 999_999, "pay-4").expectStatus().isNotFound();
        pay(2, secondHold, "pay-5").expectStatus().isEqualTo(409);

        queue.tick(concert);
        long lateHold = reservationId(booking.hold(waiting, schedule, 3).expectStatus().isCreated());
        clock.advance(Duration.ofMinutes(10));
        pay(3, lateHold, "pay-6").expectStatus().isEqualTo(409);

        requestThatTimesOut();
    }

    /** Half a body that never comes: the request deadline (3 s here) answers 503 TIMEOUT and counts it. */
    private void requestThatTimesOut() {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/queue/tokens HTTP/1.1\r\nHost: localhost\r\nX-User-Id: 9\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            byte[] statusLine = socket.getInputStream().readNBytes(12);
            assertThat(new String(statusLine, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 503");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ResponseSpec entry(long userId, long concertId) {
        return web.post().uri("/api/v1/queue/tokens").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", concertId)).exchange();
    }

    private ResponseSpec poll(String token) {
        return web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private void charge(long userId, long amount) {
        web.post().uri("/api/v1/points/charges").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", amount))
                .exchange().expectStatus().isOk();
    }

    private ResponseSpec pay(long userId, long reservationId, String key) {
        return web.post().uri("/api/v1/payments").header("X-User-Id", Long.toString(userId)).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", reservationId)).exchange();
    }

    private static long reservationId(ResponseSpec created) {
        return ((Number) created.expectBody(Map.class).returnResult().getResponseBody().get("reservationId")).longValue();
    }
}
