package io.waitingroom.queue;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A browser's poll: status, rank, ETA and when to ask again, in one Redis round trip. */
@Component
public class CheckingPosition {

    private final QueueTokenCodec codec;
    private final WaitingLine line;
    private final QueueSnapshots snapshots;
    private final RecentRanks recent;
    private final WaitingRoomProperties properties;
    private final QueueMetrics metrics;
    private final Clock clock;

    CheckingPosition(QueueTokenCodec codec, WaitingLine line, QueueSnapshots snapshots, RecentRanks recent,
                     WaitingRoomProperties properties, QueueMetrics metrics, Clock clock) {
        this.codec = codec;
        this.line = line;
        this.snapshots = snapshots;
        this.recent = recent;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PositionView(QueueStatus status, long rank, long waitingAhead, long etaSeconds,
                               long pollAfterMillis, Instant activeUntil) {

        public long retryAfterSeconds() {
            return Math.max(1, (pollAfterMillis + 999) / 1000);
        }
    }

    public Mono<PositionView> check(String authorization) {
        QueueToken token = codec.decodeBearer(authorization);
        long now = clock.millis();
        long recentRank = recent.rank(token, now);
        if (recentRank > 0) {
            metrics.pollReused();
            return Mono.just(waiting(token.concertId(), recentRank));
        }
        long generation = recent.generation(token.concertId());
        return metrics.timePoll(line.poll(token, now))
                .doOnNext(position -> {
                    if (position.status() == QueueStatus.WAITING) {
                        recent.remember(token, position.rank(), generation, now);
                    }
                })
                .map(position -> toView(token.concertId(), position));
    }

    private PositionView toView(long concertId, WaitingLine.Position position) {
        return switch (position.status()) {
            case WAITING -> waiting(concertId, position.rank());
            case ACTIVE -> new PositionView(QueueStatus.ACTIVE, 0, 0, 0, properties.maxPollAfter().toMillis(),
                    Instant.ofEpochMilli(position.activeUntil()));
            case EXPIRED -> new PositionView(QueueStatus.EXPIRED, 0, 0, 0, 0, null);
        };
    }

    private PositionView waiting(long concertId, long rank) {
        WaitEstimate estimate = WaitEstimate.forRank(rank, snapshots.get(concertId), properties);
        return new PositionView(QueueStatus.WAITING, rank, rank - 1, estimate.etaSeconds(), estimate.pollAfterMillis(), null);
    }
}
