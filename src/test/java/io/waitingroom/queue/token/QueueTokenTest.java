package io.waitingroom.queue.token;

import java.util.Map;

import io.waitingroom.queue.token.QueueTokenCodec;
import io.waitingroom.support.TestBase;
import io.waitingroom.support.WaitingRoomPropertiesFixture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static io.waitingroom.support.BookingCalls.firstScheduleOf;

class QueueTokenTest extends TestBase {

    @Autowired
    QueueTokenCodec codec;

    @Test
    void forgedTruncatedAndMalformedTokensAre401TokenInvalid() {
        String token = queue.tokenOf(1, 1);
        String forgedUser = token.replaceFirst("^1\\.1\\.", "1.2.");
        String[] bad = {
                token.substring(0, token.length() - 3),
                token + "x",
                forgedUser,
                "1.1.abc.notasignature",
                "garbage",
                "",
                token.replace('.', ','),
        };
        for (String candidate : bad) {
            web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + candidate)
                    .exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("TOKEN_INVALID");
            web.delete().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + candidate)
                    .exchange()
                    .expectStatus().isUnauthorized();
        }
        web.get().uri("/api/v1/queue/tokens/me").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_INVALID");
        web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Basic " + token).exchange()
                .expectStatus().isUnauthorized();
        // The real one still works: the forgeries did not disturb it.
        web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.rank").isEqualTo(1);
    }

    @Test
    void aForgedTokenCostsNoRedisCall() {
        String token = queue.tokenOf(1, 1);
        String forged = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        queue.position(token); // the script is now loaded: a later poll is exactly one call
        long before = scriptCalls.count();

        for (int i = 0; i < 50; i++) {
            web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged)
                    .exchange().expectStatus().isUnauthorized();
            web.get().uri("/api/v1/concerts/1/schedules").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged)
                    .exchange().expectStatus().isUnauthorized();
        }

        org.assertj.core.api.Assertions.assertThat(scriptCalls.count()).isEqualTo(before);
        clock.advance(java.time.Duration.ofSeconds(1)); // past poll-reuse: this poll asks Redis
        web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk();
        org.assertj.core.api.Assertions.assertThat(scriptCalls.count()).as("the counter does count a real poll").isEqualTo(before + 1);
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRejected() {
        var otherCodec = new QueueTokenCodec(WaitingRoomPropertiesFixture.withTokenSecret("another-secret-of-at-least-32-bytes!!"));
        queue.tokenOf(1, 1);
        String foreign = otherCodec.encode(codec.decodeBearer("Bearer " + queue.tokenOf(1, 1)));

        web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + foreign)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_INVALID");
    }

    @Test
    void aTokenOfAnotherConcertIs403OnTheBookingEndpoints() {
        String concertTwo = queue.activeToken(1, 2);

        web.get().uri("/api/v1/concerts/1/schedules").header(HttpHeaders.AUTHORIZATION, "Bearer " + concertTwo)
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_NOT_ACTIVE");
        web.get().uri("/api/v1/schedules/{id}/seats", firstScheduleOf(1)).header(HttpHeaders.AUTHORIZATION, "Bearer " + concertTwo)
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_NOT_ACTIVE");
        web.post().uri("/api/v1/reservations").header(HttpHeaders.AUTHORIZATION, "Bearer " + concertTwo)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", firstScheduleOf(1), "seatNumber", 1))
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_NOT_ACTIVE");
    }

    @Test
    void anOldTokenOfAUserWhoReEnteredIsExpiredAndCannotRemoveTheNewEntry() {
        String old = queue.tokenOf(1, 1);
        web.delete().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + old)
                .exchange().expectStatus().isNoContent();
        String fresh = queue.tokenOf(1, 1);

        web.delete().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + old)
                .exchange().expectStatus().isNoContent();

        org.assertj.core.api.Assertions.assertThat(fresh).isNotEqualTo(old);
        org.assertj.core.api.Assertions.assertThat(queue.position(old).get("status")).isEqualTo("EXPIRED");
        org.assertj.core.api.Assertions.assertThat(queue.position(fresh).get("status")).isEqualTo("WAITING");
    }
}
