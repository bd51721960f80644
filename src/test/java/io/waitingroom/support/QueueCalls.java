package io.waitingroom.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.waitingroom.queue.admission.AdmissionTick;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static io.waitingroom.support.ManyClients.concurrently;
import static io.waitingroom.support.ManyClients.send;
import static org.assertj.core.api.Assertions.assertThat;

/** The waiting room's public HTTP API as a test speaks it, and the admission tick run by hand on the test clock. */
public final class QueueCalls {

    public static final long DEFAULT_TICK_MILLIS = 1000;
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };
    private static final Duration TICK = Duration.ofSeconds(30);

    private final WebTestClient web;
    private final WebClient http;
    private final AdmissionTick admissionTick;
    private final MutableClock clock;
    private final TestCallers callers;

    public QueueCalls(WebTestClient web, WebClient http, AdmissionTick admissionTick, MutableClock clock, TestCallers callers) {
        this.web = web;
        this.http = http;
        this.admissionTick = admissionTick;
        this.clock = clock;
        this.callers = callers;
    }

    public Map<String, Object> enter(long userId, long concertId) {
        return web.post().uri("/api/v1/queue/tokens")
                .headers(headers -> callers.identify(headers, userId))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", concertId))
                .exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody(JSON_OBJECT)
                .returnResult().getResponseBody();
    }

    public String tokenOf(long userId, long concertId) {
        return (String) enter(userId, concertId).get("token");
    }

    public Map<String, Object> position(String token) {
        return web.get().uri("/api/v1/queue/tokens/me")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus().isOk()
                .expectBody(JSON_OBJECT)
                .returnResult().getResponseBody();
    }

    /** Lets one tick's worth of time pass and runs the admission tick, as the scheduler would. */
    public long tick(long concertId) {
        clock.advance(Duration.ofMillis(DEFAULT_TICK_MILLIS));
        return admissionTick.run(concertId).block(TICK);
    }

    /** A token that is ACTIVE for the concert. */
    public String activeToken(long userId, long concertId) {
        String token = tokenOf(userId, concertId);
        tick(concertId);
        assertThat(position(token).get("status")).isEqualTo("ACTIVE");
        return token;
    }

    /** Users 1..n, all admitted in one tick. */
    public List<String> activeTokens(int n, long concertId) {
        putSettings(concertId, Map.of("admitPerTick", n, "maxActive", 10_000));
        List<String> tokens = concurrently(n, i -> send(http.post().uri("/api/v1/queue/tokens")
                        .headers(headers -> callers.identify(headers, i + 1))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("concertId", concertId))))
                .stream().map(r -> r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1")).toList();
        tick(concertId);
        return tokens;
    }

    public void putSettings(long concertId, Map<String, Object> settings) {
        web.put().uri("/admin/queues/{id}/settings", concertId)
                .header("X-Admin-Key", TestBase.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(settings)
                .exchange()
                .expectStatus().isOk();
    }
}
