package io.waitingroom.concert.setup;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.waitingroom.concert.ConcertCatalog;

/**
 * A concert as an operator describes it. Left out: the zone is UTC, a buyer may take 4 seats, a
 * paid reservation may be cancelled until 24 hours before its date starts.
 *
 * @param maxSeatsPerUser the most seats one user may hold or buy per date, 1..10
 * @param cancelUntil     an ISO-8601 duration ({@code "PT24H"}, {@code "P2D"}): how long before a date
 *                        starts its paid reservations may still be cancelled for a refund; whole
 *                        seconds, PT0S..P366D
 */
public record NewConcert(String title, String venue, String timeZone, Integer maxSeatsPerUser, String cancelUntil) {

    static final int DEFAULT_MAX_SEATS_PER_USER = 4;
    /** A bound far past any sale, so that no start minus the period leaves the time line. */
    static final Duration MOST_CANCEL_UNTIL = Duration.ofDays(366);

    String zone() {
        return timeZone == null ? "UTC" : timeZone;
    }

    int seatLimit() {
        return maxSeatsPerUser == null ? DEFAULT_MAX_SEATS_PER_USER : maxSeatsPerUser;
    }

    /** The cancel period asked for; only called once {@link #violations()} found none. */
    Duration cancelPeriod() {
        return cancelUntil == null ? ConcertCatalog.Concert.DEFAULT_CANCEL_UNTIL : Duration.parse(cancelUntil);
    }

    List<String> violations() {
        List<String> violations = new ArrayList<>();
        Text.check("title", title, 200, violations);
        Text.check("venue", venue, 200, violations);
        if (!ZoneId.getAvailableZoneIds().contains(zone())) {
            violations.add("timeZone must be an IANA zone id such as Asia/Seoul");
        }
        if (seatLimit() < 1 || seatLimit() > 10) {
            violations.add("maxSeatsPerUser must be 1..10");
        }
        cancelUntilViolation().ifPresent(violations::add);
        return violations;
    }

    private Optional<String> cancelUntilViolation() {
        if (cancelUntil == null) {
            return Optional.empty();
        }
        try {
            Duration period = Duration.parse(cancelUntil);
            if (period.isNegative() || period.getNano() != 0 || period.compareTo(MOST_CANCEL_UNTIL) > 0) {
                return Optional.of("cancelUntil must be whole seconds from PT0S to P366D");
            }
            return Optional.empty();
        } catch (DateTimeParseException unparsable) {
            return Optional.of("cancelUntil must be an ISO-8601 duration such as PT24H");
        }
    }
}
