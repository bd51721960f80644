package io.waitingroom.queue;

import java.time.Clock;
import java.time.Instant;

import io.waitingroom.common.problem.ProblemException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** NONE -> WAITING: takes a place in a concert's line, or returns the place already held. */
@Component
public class EnteringQueue {

    private final QueueableConcerts concerts;
    private final WaitingLine line;
    private final QueueTokenCodec codec;
    private final QueueSnapshots snapshots;
    private final WaitingRoomProperties properties;
    private final QueueMetrics metrics;
    private final Clock clock;

    EnteringQueue(QueueableConcerts concerts, WaitingLine line, QueueTokenCodec codec, QueueSnapshots snapshots,
                  WaitingRoomProperties properties, QueueMetrics metrics, Clock clock) {
        this.concerts = concerts;
        this.line = line;
        this.codec = codec;
        this.snapshots = snapshots;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    public record Entry(boolean created, String token, QueueStatus status, long rank, long etaSeconds,
                        long pollAfterMillis, Instant activeUntil) {
    }

    public Mono<Entry> enter(long userId, long concertId) {
        return metrics.timeEntry(concerts.exists(concertId)
                .flatMap(known -> known
                        ? line.enter(concertId, userId, QueueTokenCodec.newTokenId(), clock.millis())
                        : Mono.error(ProblemException.notFound("CONCERT_NOT_FOUND", "No concert " + concertId)))
                .map(place -> toEntry(userId, concertId, place)));
    }

    private Entry toEntry(long userId, long concertId, WaitingLine.Place place) {
        String token = codec.encode(new QueueToken(concertId, userId, place.tokenId()));
        if (place.status() == QueueStatus.ACTIVE) {
            return new Entry(false, token, QueueStatus.ACTIVE, 0, 0,
                    properties.maxPollAfter().toMillis(), Instant.ofEpochMilli(place.activeUntil()));
        }
        WaitEstimate estimate = WaitEstimate.forRank(place.rank(), snapshots.get(concertId), properties);
        return new Entry(place.created(), token, QueueStatus.WAITING, place.rank(), estimate.etaSeconds(),
                estimate.pollAfterMillis(), null);
    }
}
