package io.waitingroom.concert.setup;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A date as an operator lays it out: when it starts and its sections, in the order buyers see
 * them. {@code startsAt} carries an offset, or is a local time read in the venue's zone.
 */
public record NewSchedule(String startsAt, List<NewSection> sections) {

    static final int MAX_SECTIONS = 200;
    static final long MAX_SEATS = 100_000;

    /** Rows of seats at one price; {@code grade} is the price band's name (VIP, R, S...). */
    public record NewSection(String name, String grade, Long price, Integer rows, Integer seatsPerRow) {

        long seats() {
            return (long) rows * seatsPerRow;
        }
    }

    /** The start as an instant, or null when {@code startsAt} cannot be read. */
    Instant start(ZoneId zone) {
        if (startsAt == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(startsAt).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(startsAt).atZone(zone).toInstant().truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }

    long seats() {
        return sections.stream().mapToLong(NewSection::seats).sum();
    }

    List<String> violations(ZoneId zone, Instant now) {
        List<String> violations = new ArrayList<>();
        Instant start = start(zone);
        if (start == null) {
            violations.add("startsAt must be an ISO-8601 time, e.g. 2027-03-01T19:00:00+09:00, or a local time in the venue's zone");
        } else if (!start.isAfter(now)) {
            violations.add("startsAt must be in the future");
        }
        if (sections == null || sections.isEmpty() || sections.size() > MAX_SECTIONS) {
            violations.add("sections must hold 1.." + MAX_SECTIONS + " sections");
            return violations;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sections.size(); i++) {
            NewSection section = sections.get(i);
            String at = "sections[" + i + "].";
            if (section == null) {
                violations.add(at.substring(0, at.length() - 1) + " is required");
                continue;
            }
            Text.check(at + "name", section.name(), 100, violations);
            Text.check(at + "grade", section.grade(), 50, violations);
            // The database compares names without case or trailing blanks: so does this check.
            if (section.name() != null && !names.add(section.name().strip().toLowerCase(Locale.ROOT))) {
                violations.add(at + "name repeats another section's name");
            }
            if (section.price() == null || section.price() < 0) {
                violations.add(at + "price must be 0 or more");
            }
            if (section.rows() == null || section.rows() < 1 || section.seatsPerRow() == null || section.seatsPerRow() < 1) {
                violations.add(at + "rows and seatsPerRow must be 1 or more");
            }
        }
        if (violations.isEmpty() && seats() > MAX_SEATS) {
            violations.add("a date may have at most " + MAX_SEATS + " seats, this one has " + seats());
        }
        return violations;
    }
}
