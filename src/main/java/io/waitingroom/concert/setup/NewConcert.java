package io.waitingroom.concert.setup;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A concert as an operator describes it. Left out: the zone is UTC, a buyer may take 4 seats.
 *
 * @param maxSeatsPerUser the most seats one user may hold or buy per date, 1..10
 */
public record NewConcert(String title, String venue, String timeZone, Integer maxSeatsPerUser) {

    static final int DEFAULT_MAX_SEATS_PER_USER = 4;

    String zone() {
        return timeZone == null ? "UTC" : timeZone;
    }

    int seatLimit() {
        return maxSeatsPerUser == null ? DEFAULT_MAX_SEATS_PER_USER : maxSeatsPerUser;
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
        return violations;
    }
}
