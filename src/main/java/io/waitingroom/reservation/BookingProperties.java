package io.waitingroom.reservation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param holdTtl            how long a held seat waits for payment
 * @param holdSweepInterval  how often lapsed holds are looked for (they are released within about this long)
 * @param holdSweepEnabled   run the lapsed-hold sweep on this instance
 * @param holdSweepDeadline  a sweep still running after this long is abandoned (logged, counted); its
 *                           open transaction rolls back and the next sweep picks the holds up
 * @param seatLockWait       how long a hold waits for the seat's lock before answering 409
 * @param seatLockLease      how long a seat lock lives if its holder dies
 * @param demoData           seed the four demo concerts at start (three halls and a stadium)
 */
@ConfigurationProperties("booking")
public record BookingProperties(
        @DefaultValue("5m") Duration holdTtl,
        @DefaultValue("1s") Duration holdSweepInterval,
        @DefaultValue("true") boolean holdSweepEnabled,
        @DefaultValue("5s") Duration holdSweepDeadline,
        @DefaultValue("200ms") Duration seatLockWait,
        @DefaultValue("5s") Duration seatLockLease,
        @DefaultValue("true") boolean demoData) {

    public BookingProperties {
        if (holdTtl.toSeconds() < 1 || holdSweepInterval.toMillis() < 10 || holdSweepDeadline.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "booking.hold-ttl must be >= 1s, booking.hold-sweep-interval and hold-sweep-deadline >= 10ms");
        }
    }
}
