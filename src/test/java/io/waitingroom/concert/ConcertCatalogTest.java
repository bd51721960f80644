package io.waitingroom.concert;

import java.time.Duration;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory copy of the concerts: misses re-read it at most once a second, and never hang. */
class ConcertCatalogTest extends TestBase {

    @Autowired
    private ConcertCatalog catalog;

    @Test
    void aMissOnAStaleCopyReReadsItAndAnswers() {
        assertThat(catalog.exists(1).block(Duration.ofSeconds(5))).isTrue();
        assertThat(catalog.exists(999).block(Duration.ofSeconds(5))).isFalse();

        // The miss allows a re-read a second later; this one performs it.
        clock.advance(Duration.ofSeconds(2));
        assertThat(catalog.exists(999).block(Duration.ofSeconds(5))).isFalse();
        clock.advance(Duration.ofSeconds(11));
        assertThat(catalog.exists(998).block(Duration.ofSeconds(5))).isFalse();
        assertThat(catalog.exists(3).block(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void anUnknownConcertIs404EvenWhenItsMissReReadsAStaleCopy() {
        for (int round = 0; round < 5; round++) {
            queue.enter(1, 1);
            clock.advance(Duration.ofSeconds(11));
            web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "2")
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .bodyValue(java.util.Map.of("concertId", 999))
                    .exchange()
                    .expectStatus().isNotFound();
            web.get().uri("/api/v1/concerts/998/queue").exchange().expectStatus().isNotFound();
        }
    }

    @Test
    void aConcertAddedLaterIsFoundWithinASecondOfAMiss() {
        assertThat(catalog.exists(77).block(Duration.ofSeconds(5))).isFalse();
        db.sql("INSERT INTO concert (id, title, venue) VALUES (77, 'Added later', 'Somewhere')").then().block(Duration.ofSeconds(5));
        try {
            assertThat(catalog.exists(77).block(Duration.ofSeconds(5))).as("within the second, the copy stands").isFalse();
            clock.advance(Duration.ofMillis(1_001));
            assertThat(catalog.exists(77).block(Duration.ofSeconds(5))).isTrue();
        } finally {
            db.sql("DELETE FROM concert WHERE id = 77").then().block(Duration.ofSeconds(5));
        }
    }
}
