package io.waitingroom.queue.operator;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.identity.AdminKeys;
import io.waitingroom.queue.QueueSettings;
import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.QueueableConcerts;
import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.WaitingRoomProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Operators' live controls. Overrides live in Redis, so every instance picks them up on its next
 * tick; this instance applies them at once.
 */
@Component
public class QueueSettingsAdmin {

    private final WaitingLine line;
    private final QueueableConcerts concerts;
    private final QueueSnapshots snapshots;
    private final QueueSettings defaults;
    private final Clock clock;
    private final AdminKeys adminKeys;

    QueueSettingsAdmin(WaitingLine line, QueueableConcerts concerts, QueueSnapshots snapshots, WaitingRoomProperties properties,
                       AdminKeys adminKeys, Clock clock) {
        this.line = line;
        this.concerts = concerts;
        this.snapshots = snapshots;
        this.defaults = properties.defaults();
        this.adminKeys = adminKeys;
        this.clock = clock;
    }

    /**
     * A change from an operator: fields left out keep their current value. {@code saleOpensAt} is
     * read as a JSON node to tell "left out" (null) from an explicit JSON null (the sale opens now).
     */
    public record SettingsChange(Integer admitPerTick, Long tickMillis, Integer maxActive, Long activeTtlSeconds, Boolean paused,
                                 JsonNode saleOpensAt, Double maxActivePerFreeSeat) {

        Instant saleOpensAtOr(Instant current) {
            if (saleOpensAt == null) {
                return current;
            }
            if (saleOpensAt.isNull()) {
                return null;
            }
            try {
                return Instant.parse(saleOpensAt.asString()).truncatedTo(ChronoUnit.MILLIS);
            } catch (RuntimeException notAnInstant) {
                throw new ProblemException(ProblemCode.INVALID_REQUEST, "saleOpensAt must be an ISO-8601 UTC time "
                        + "(e.g. 2026-12-01T11:00:00Z) or null");
            }
        }
    }

    public Mono<QueueSettings> current(String givenKey, long concertId) {
        return authorized(givenKey, concertId).then(Mono.defer(() -> read(concertId)));
    }

    public Mono<QueueSettings> change(String givenKey, long concertId, SettingsChange change) {
        return authorized(givenKey, concertId)
                .then(Mono.defer(() -> read(concertId)))
                .map(current -> merge(current, change))
                .flatMap(next -> line.changeSettings(concertId, next, defaults.saleOpensAtMillis(), clock.millis())
                        .flatMap(applied -> applied ? Mono.just(next) : Mono.error(saleAlreadyOpen())))
                .doOnNext(next -> snapshots.applySettings(concertId, next));
    }

    private Mono<QueueSettings> read(long concertId) {
        return line.settingsOverrides(concertId).map(defaults::withOverrides);
    }

    private Mono<Void> authorized(String givenKey, long concertId) {
        return adminKeys.require(givenKey).then(concerts.exists(concertId)).flatMap(known -> known
                ? Mono.<Void>empty()
                : Mono.error(new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "No concert " + concertId)));
    }

    private static QueueSettings merge(QueueSettings current, SettingsChange change) {
        if (change == null) {
            throw new ProblemException(ProblemCode.INVALID_REQUEST, "A settings body is required");
        }
        QueueSettings next = new QueueSettings(
                change.admitPerTick() != null ? change.admitPerTick() : current.admitPerTick(),
                change.tickMillis() != null ? change.tickMillis() : current.tickMillis(),
                change.maxActive() != null ? change.maxActive() : current.maxActive(),
                change.activeTtlSeconds() != null ? change.activeTtlSeconds() : current.activeTtlSeconds(),
                change.paused() != null ? change.paused() : current.paused(),
                change.saleOpensAtOr(current.saleOpensAt()),
                change.maxActivePerFreeSeat() != null ? change.maxActivePerFreeSeat() : current.maxActivePerFreeSeat());
        List<String> violations = next.violations();
        if (!violations.isEmpty()) {
            throw new ProblemException(ProblemCode.INVALID_REQUEST, String.join("; ", violations));
        }
        return next;
    }

    private static ProblemException saleAlreadyOpen() {
        return new ProblemException(ProblemCode.SALE_ALREADY_OPEN,
                "The sale has opened and people are in line: its start cannot move back into the future");
    }
}
