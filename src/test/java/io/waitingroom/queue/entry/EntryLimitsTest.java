package io.waitingroom.queue.entry;

import java.time.Duration;
import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entry floods are refused with 429 and Retry-After, per user and, here switched on, per client
 * address behind a trusted proxy; nobody else is slowed by them. Counted inside the entry script.
 */
@TestPropertySource(properties = {
        "waiting-room.limits.entries-per-user=20",
        "waiting-room.limits.entries-per-address=30",
        "waiting-room.limits.trusted-proxies=127.0.0.1,::1",
})
class EntryLimitsTest extends TestBase {

    @Test
    void theTwentyFirstEntryOfAUserInAMinuteIs429AndAnotherUserIsNotSlowed() {
        for (int attempt = 1; attempt <= 20; attempt++) {
            entry(7, "198.51.100.1").expectStatus().value(status -> assertThat(status).isIn(200, 201));
        }

        entry(7, "198.51.100.1").expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "3")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("TOO_MANY_REQUESTS");
        entry(8, "198.51.100.2").expectStatus().isCreated();
        assertThat(redis.opsForZSet().size("wr:{1}:waiting").block(CALL)).isEqualTo(2);
        assertThat(prometheus()).containsPattern("waiting_room_entry_refused_total\\{limit=\"user\"\\} [1-9]");

        clock.advance(Duration.ofSeconds(3));
        entry(7, "198.51.100.1").expectStatus().isOk();
    }

    @Test
    void anAddressBehindATrustedProxyIsLimitedByItsForwardedAddressNotByTheProxy() {
        for (int user = 1; user <= 30; user++) {
            entry(100 + user, "203.0.113.7").expectStatus().isCreated();
        }

        entry(200, "203.0.113.7").expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("TOO_MANY_REQUESTS");
        // What the client wrote itself (left of the proxy's own entry) proves nothing.
        entry(201, "192.0.2.99, 203.0.113.7").expectStatus().isEqualTo(429);
        entry(202, "203.0.113.8").expectStatus().isCreated();
        assertThat(prometheus()).containsPattern("waiting_room_entry_refused_total\\{limit=\"address\"\\} [1-9]");
    }

    private WebTestClient.ResponseSpec entry(long userId, String forwardedFor) {
        return web.post().uri("/api/v1/queue/tokens")
                .header("X-User-Id", Long.toString(userId))
                .header("X-Forwarded-For", forwardedFor)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", 1))
                .exchange();
    }

    private String prometheus() {
        return web.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult().getResponseBody();
    }
}
