package io.waitingroom.queue.position;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.waitingroom.queue.Availability;
import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.QueueStatus;
import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.token.QueueToken;
import io.waitingroom.queue.token.QueueTokenCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A browser's poll: status, rank, ETA and when to ask again, in one Redis round trip (or none). */
@Component
public class CheckingPosition {

    private final QueueTokenCodec codec;
    private final WaitingLine line;
    private final QueueSnapshots snapshots;
    private final RecentRanks recent;
    private final PositionViews views;
    private final Clock clock;
    private final Timer polls;
    private final Counter reused;

    CheckingPosition(QueueTokenCodec codec, WaitingLine line, QueueSnapshots snapshots, RecentRanks recent,
                     PositionViews views, Clock clock, MeterRegistry registry) {
        this.codec = codec;
        this.line = line;
        this.snapshots = snapshots;
        this.recent = recent;
        this.views = views;
        this.clock = clock;
        this.polls = Timer.builder("waiting_room.poll").description("Queue position poll handling")
                .publishPercentileHistogram().register(registry);
        this.reused = Counter.builder("waiting_room.poll.reused")
                .description("Polls answered with a rank told moments ago, without Redis").register(registry);
    }

    public Mono<PositionView> check(String authorization) {
        QueueToken token = codec.decodeBearer(authorization);
        if (snapshots.get(token.concertId()).availability() == Availability.SOLD_OUT) {
            // Told to every token of the concert, from memory: the line itself is gone.
            return Mono.just(views.soldOut(token.concertId()));
        }
        long now = clock.millis();
        long recentRank = recent.rank(token, now);
        if (recentRank > 0) {
            reused.increment();
            return Mono.just(views.waiting(token.concertId(), token.tokenId(), recentRank, false));
        }
        long generation = snapshots.generation(token.concertId());
        long started = System.nanoTime();
        return line.poll(token.concertId(), token.userId(), token.tokenId(), now)
                .doOnNext(position -> {
                    if (position.status() == QueueStatus.WAITING) {
                        recent.remember(token, position.rank(), generation, now);
                    }
                })
                .map(position -> switch (position.status()) {
                    case WAITING -> views.waiting(token.concertId(), token.tokenId(), position.rank(), false);
                    case ACTIVE -> views.active(token.concertId(), position.activeUntil());
                    case EXPIRED -> views.expired(token.concertId());
                    case SOLD_OUT -> views.soldOut(token.concertId());
                })
                // Timed from assembly: the web layer subscribes at once, and this keeps the hot path short.
                .doOnTerminate(() -> polls.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    }
}
