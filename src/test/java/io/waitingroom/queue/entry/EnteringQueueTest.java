package io.waitingroom.queue.entry;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.waitingroom.support.ManyClients.Response;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

import static io.waitingroom.support.ManyClients.concurrently;
import static io.waitingroom.support.ManyClients.send;
import static org.assertj.core.api.Assertions.assertThat;

class EnteringQueueTest extends TestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void thousandConcurrentEntriesGetRanksExactlyOneToThousand() {
        List<Response> responses = concurrently(1000, i -> send(http.post().uri("/api/v1/queue/tokens")
                .header("X-User-Id", Long.toString(10_000 + i))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", 1))));

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).isEqualTo(201));
        List<Long> ranks = responses.stream().map(response -> ((Number) parse(response.body()).get("rank")).longValue()).sorted().toList();
        assertThat(ranks).containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
        assertThat(redis.opsForZSet().size("wr:{1}:waiting").block(CALL)).isEqualTo(1000);
    }

    @Test
    void reEnteringKeepsTheSameTokenAndPlace() {
        Map<String, Object> first = queue.enter(1, 1);
        queue.enter(2, 1);
        queue.enter(3, 1);

        var again = web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 1))
                .exchange();

        again.expectStatus().isOk()
                .expectBody()
                .jsonPath("$.token").isEqualTo(first.get("token"))
                .jsonPath("$.rank").isEqualTo(1)
                .jsonPath("$.status").isEqualTo("WAITING");
    }

    @Test
    void firstEntryAnswersCreatedWithRankEtaAndPollHint() {
        web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "42")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 2))
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.status").isEqualTo("WAITING")
                .jsonPath("$.rank").isEqualTo(1)
                .jsonPath("$.etaSeconds").isNumber()
                .jsonPath("$.pollAfterMillis").isNumber()
                .jsonPath("$.token").isNotEmpty();
    }

    @Test
    void activeUserEnteringAgainGetsTheSamePassBack() {
        String token = queue.activeToken(5, 1);

        web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "5")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 1))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.token").isEqualTo(token)
                .jsonPath("$.status").isEqualTo("ACTIVE")
                .jsonPath("$.rank").isEqualTo(0);
    }

    @Test
    void unknownConcertIs404ConcertNotFoundAndQueuesNobody() {
        web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 999))
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("CONCERT_NOT_FOUND")
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.type").isNotEmpty()
                .jsonPath("$.title").isNotEmpty()
                .jsonPath("$.detail").isNotEmpty();
        assertThat(redis.keys("wr:{999}:*").collectList().block(CALL)).isEmpty();
    }

    @Test
    void missingOrInvalidUserIdIs400UserIdRequired() {
        for (String bad : new String[]{null, "", "abc", "0", "-5", "99999999999999999999"}) {
            var request = web.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON);
            if (bad != null) {
                request = request.header("X-User-Id", bad);
            }
            request.bodyValue(Map.of("concertId", 1)).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("USER_ID_REQUIRED");
        }
        assertThat(redis.opsForZSet().size("wr:{1}:waiting").block(CALL)).isZero();
    }

    @Test
    void badJsonWrongTypesAndMissingFieldsAre400InvalidRequest() {
        for (String body : new String[]{"{not json", "{\"concertId\":\"one\"}", "{}", "{\"concertId\":-1}", "{\"concertId\":1e40}"}) {
            web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "1")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        assertThat(redis.opsForZSet().size("wr:{1}:waiting").block(CALL)).isZero();
    }

    @Test
    void publicStatsCountWaitingAndActive() {
        queue.enter(1, 3);
        queue.enter(2, 3);
        queue.enter(3, 3);
        queue.putSettings(3, Map.of("admitPerTick", 1));
        queue.tick(3);

        web.get().uri("/api/v1/concerts/3/queue").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.waiting").isEqualTo(2)
                .jsonPath("$.active").isEqualTo(1)
                .jsonPath("$.admittedLastMinute").isEqualTo(1)
                .jsonPath("$.settings.admitPerTick").isEqualTo(1)
                .jsonPath("$.settings.paused").isEqualTo(false);
        web.get().uri("/api/v1/concerts/999/queue").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("CONCERT_NOT_FOUND");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String body) {
        try {
            return JSON.readValue(body, Map.class);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }
}
