package io.waitingroom.queue.entry;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.queue.Availability;
import io.waitingroom.queue.EntryReply;
import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.QueueStatus;
import io.waitingroom.queue.QueueableConcerts;
import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.WaitingRoomProperties;
import io.waitingroom.queue.position.PositionView;
import io.waitingroom.queue.position.PositionViews;
import io.waitingroom.queue.token.QueueToken;
import io.waitingroom.queue.token.QueueTokenCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * NONE -> WAITING: takes a place in a concert's line, or returns the place already held. Before
 * the sale opens the place is a random draw among the early arrivals (see enter_queue.lua); the
 * entry limits are checked in the same round trip.
 */
@Component
public class EnteringQueue {

    private final QueueableConcerts concerts;
    private final WaitingLine line;
    private final QueueTokenCodec codec;
    private final PositionViews views;
    private final QueueSnapshots snapshots;
    /** Fixed at start, so an entry does not rebuild them. */
    private final long defaultSaleOpensAt;
    private final WaitingLine.Limit perUser;
    private final WaitingLine.Limit perAddress;
    private final Clock clock;
    private final Timer entries;
    private final Counter refusedPerUser;
    private final Counter refusedPerAddress;

    EnteringQueue(QueueableConcerts concerts, WaitingLine line, QueueTokenCodec codec, PositionViews views,
                  QueueSnapshots snapshots, WaitingRoomProperties properties, EntryLimits limits, Clock clock, MeterRegistry registry) {
        this.concerts = concerts;
        this.line = line;
        this.codec = codec;
        this.views = views;
        this.snapshots = snapshots;
        this.defaultSaleOpensAt = properties.defaults().saleOpensAtMillis();
        this.perUser = limits.perUser();
        this.perAddress = limits.perAddress();
        this.clock = clock;
        this.entries = Timer.builder("waiting_room.entry").description("Queue entry handling")
                .publishPercentileHistogram().register(registry);
        this.refusedPerUser = refusals(registry, "user");
        this.refusedPerAddress = refusals(registry, "address");
    }

    /** {@code created} tells a new place (201) from one already held (200). */
    public record Entry(boolean created, String token, PositionView position) {
    }

    /** @param clientAddress the caller's address for the per-address limit (null when unknown) */
    public Mono<Entry> enter(long userId, long concertId, String clientAddress) {
        long started = System.nanoTime();
        return concerts.exists(concertId)
                .flatMap(known -> known
                        ? Mono.<Void>empty()
                        : Mono.error(new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "No concert " + concertId)))
                // Sold out, as this instance's last tick found it: nothing to wait for.
                .then(snapshots.get(concertId).availability() == Availability.SOLD_OUT
                        ? Mono.error(new ProblemException(ProblemCode.SOLD_OUT, "Every seat of concert " + concertId + " is sold"))
                        : Mono.defer(() -> line.enter(concertId, userId, QueueTokenCodec.newTokenId(), clock.millis(), draw(),
                                defaultSaleOpensAt, perUser, perAddress, clientAddress)))
                .flatMap(result -> result instanceof EntryReply.Place place
                        ? Mono.just(toEntry(userId, concertId, place))
                        : Mono.error(tooMany((EntryReply.Refused) result)))
                .doOnTerminate(() -> entries.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    }

    private Entry toEntry(long userId, long concertId, EntryReply.Place place) {
        String token = codec.encode(new QueueToken(concertId, userId, place.tokenId()));
        PositionView position = place.status() == QueueStatus.ACTIVE
                ? views.active(concertId, place.activeUntil())
                : views.waiting(concertId, place.tokenId(), place.rank(), place.preQueue());
        return new Entry(place.created(), token, position);
    }

    private ProblemException tooMany(EntryReply.Refused refused) {
        (refused.byAddress() ? refusedPerAddress : refusedPerUser).increment();
        long retryAfter = Math.max(1, (refused.retryAfterMillis() + 999) / 1000);
        return new ProblemException(ProblemCode.TOO_MANY_REQUESTS,
                refused.byAddress() ? "Too many queue entries from this address; retry after " + retryAfter + " s"
                        : "Too many queue entries for this user; retry after " + retryAfter + " s", retryAfter);
    }

    /** A place among the early arrivals, drawn here so that no Lua random generator is involved. */
    private static long draw() {
        return ThreadLocalRandom.current().nextLong(1, WaitingLine.PRE_QUEUE_PLACES);
    }

    private static Counter refusals(MeterRegistry registry, String limit) {
        return Counter.builder("waiting_room.entry.refused").tag("limit", limit)
                .description("Queue entries refused by a limit (429)").register(registry);
    }
}
